package io.ferry.api;

import com.google.protobuf.ByteString;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskMatches;
import io.ferry.scheduler.TaskQuery;
import io.ferry.scheduler.TaskView;
import io.ferry.task.Task;
import io.ferry.task.TaskNotSerializableException;
import io.ferry.task.TaskOptions;
import io.ferry.wire.JavaSerialization;
import java.io.IOException;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What application code calls to run tasks on Mesos: {@code submit} a {@link Task}, get a {@link TaskFuture}.
 *
 * <pre>{@code
 * TaskFuture<Integer> answer = taskService.submit(() -> 6 * 7);
 * answer.get(); // 42, computed by Ferry's executor on a Mesos agent
 * }</pre>
 *
 * <p>The task is serialized on the caller's thread, so a task that cannot be serialized fails here, at once,
 * with a {@link TaskNotSerializableException} naming the class and the path that reached it.
 *
 * @since 0.1
 */
public class TaskService {

    /**
     * The largest serialized task accepted. A task travels inside a Mesos TaskInfo through the master and the
     * agent; larger inputs belong in shared storage, with the task carrying only their address.
     */
    public static final int MAX_TASK_BYTES = JavaSerialization.MAX_TASK_BYTES;

    private final FerryScheduler scheduler;
    private final TaskOptions defaults;

    public TaskService(FerryScheduler scheduler, TaskOptions defaults) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** The options {@link #submit(Task)} uses, from configuration ({@code ferry.task.*}); change them with withers. */
    public TaskOptions defaultOptions() {
        return defaults;
    }

    /** Runs {@code task} on the cluster with the default options. */
    public <T> TaskFuture<T> submit(Task<T> task) {
        return submit(task, defaults);
    }

    /**
     * Runs {@code task} on the cluster.
     *
     * @throws TaskNotSerializableException if the task cannot be serialized
     * @throws IllegalArgumentException     if the serialized task is larger than {@link #MAX_TASK_BYTES}
     * @throws java.util.concurrent.RejectedExecutionException if the queue is full ({@code ferry.queue.capacity})
     */
    public <T> TaskFuture<T> submit(Task<T> task, TaskOptions options) {
        return submit(task, options, null);
    }

    /**
     * Runs {@code task} on the cluster; when the queue is full, waits up to {@code waitForRoom} for room instead of
     * failing at once (back-pressure for producers that would rather slow down than fail).
     *
     * @param waitForRoom how long to wait for room in the queue; {@code null} = do not wait
     * @throws TaskNotSerializableException if the task cannot be serialized
     * @throws java.util.concurrent.RejectedExecutionException if there was no room in time
     */
    public <T> TaskFuture<T> submit(Task<T> task, TaskOptions options, Duration waitForRoom) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        ByteString payload = serialize(task);
        String id = scheduler.newTaskId();
        TaskFuture<T> future = new TaskFuture<>(id, scheduler::cancel);
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> untyped = (CompletableFuture<Object>) (CompletableFuture<?>) future;
        scheduler.submit(id, payload, options, untyped, waitForRoom);
        return future;
    }

    /**
     * Cancels a task by id: a queued one never runs, a running one is killed on its agent; its future completes as
     * cancelled.
     *
     * @return false if the task is unknown or already finished
     */
    public boolean cancel(String taskId) {
        return scheduler.cancel(taskId);
    }

    public Optional<TaskView> task(String taskId) {
        return scheduler.task(taskId);
    }

    public List<TaskView> tasks() {
        return scheduler.tasks();
    }

    /** The tasks a query asks for, one slice of them: unfinished first, then newest first. */
    public TaskMatches tasks(TaskQuery query) {
        return scheduler.tasks(query);
    }

    /**
     * An {@link java.util.concurrent.ExecutorService} over this service, for code written against the JDK's
     * interface. Each call returns a new one with its own shutdown state; the callables and runnables handed to it
     * must be serializable.
     */
    public FerryExecutorService executorService(TaskOptions options) {
        return new FerryExecutorService(this, options);
    }

    /** {@link #executorService(TaskOptions)} with the default options. */
    public FerryExecutorService executorService() {
        return executorService(defaults);
    }

    static ByteString serialize(Object task) {
        try {
            return JavaSerialization.serializeToByteString(task, MAX_TASK_BYTES);
        } catch (JavaSerialization.TooLargeException e) {
            throw new IllegalArgumentException("task is larger than " + MAX_TASK_BYTES + " bytes when serialized;"
                    + " pass large inputs by reference (a URL, a path on shared storage) instead", e);
        } catch (NotSerializableException e) {
            SerializationProbe.Finding finding = SerializationProbe.find(task)
                    .orElse(new SerializationProbe.Finding(e.getMessage(), "task"));
            throw new TaskNotSerializableException(finding.className(), finding.path(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("task cannot be serialized: " + e, e);
        }
    }
}
