package io.ferry.scheduler;

import com.google.protobuf.ByteString;
import io.ferry.task.RemoteError;
import io.ferry.task.TaskFailure;
import io.ferry.task.TaskOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * A real {@link FerryScheduler} for the app's page tests, with no Mesos master (its master's port is closed), and a
 * history of tasks put into its registry through the registry's own moves, the way the loop records them: launched,
 * updated, finished. The tasks never run. Fill it before the scheduler starts (the loop owns the registry once it
 * runs); a started one queues what is submitted and never launches it, so that cancels and kills can be tried.
 *
 * <p>It lives in the scheduler's package because the registry is the scheduler's own: the app itself reads the
 * history only through {@code TaskService}, as the architecture test holds.
 */
public final class TaskHistory {

    public static final String AGENT = "agent-0-S1";
    public static final String EXECUTOR = "ferry-executor-0123abcd";
    private static final ByteString PAYLOAD = ByteString.copyFromUtf8("never run");

    private final FerryScheduler scheduler;
    private final TaskRegistry registry;

    private TaskHistory(FerryScheduler scheduler) {
        this.scheduler = scheduler;
        this.registry = scheduler.registry();
    }

    /** A scheduler that remembers {@code historySize} finished tasks, and the history to fill it with. */
    public static TaskHistory create(int historySize) {
        SchedulerSettings settings = new SchedulerSettings(
                url -> FrameworkInfo.newBuilder().setUser("ferry").setName("page-test").build(), null, null,
                SchedulerSettings.executorSettings(0.1, 64, null, "", 4, 1 << 20, "token-0123456789abcdef",
                        Duration.ofSeconds(1)),
                1000, Long.MAX_VALUE, historySize, Duration.ofSeconds(30), Duration.ofSeconds(5), 5,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15)), false, FrameworkIdStore.none(),
                TaskHistory.class.getClassLoader());
        URI master = URI.create("http://127.0.0.1:" + closedPort());
        return new TaskHistory(new FerryScheduler(settings, () -> master, () -> URI.create("http://127.0.0.1:1"),
                new SchedulerMetrics(new SimpleMeterRegistry())));
    }

    public FerryScheduler scheduler() {
        return scheduler;
    }

    /** A task that ran on {@link #AGENT} and returned {@code result} (the update of the executor, then its end). */
    public TaskView succeeded(TaskOptions options, Instant submitted, String result) {
        TaskRecord r = launched(options, submitted);
        update(r, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, "", submitted.plusMillis(900));
        r.started = r.updates.get(r.updates.size() - 1).time();
        registry.moveTo(r, TaskPhase.RUNNING, r.started);
        Instant end = submitted.plusMillis(1400);
        update(r, TaskState.TASK_FINISHED, TaskStatus.Source.SOURCE_EXECUTOR, null, "", end);
        r.result = result;
        registry.attemptEnded(r);
        registry.moveTo(r, TaskPhase.SUCCEEDED, end);
        return r.view();
    }

    /** A task whose code threw {@code thrown} on its agent. */
    public TaskView failed(TaskOptions options, Instant submitted, Throwable thrown) {
        TaskRecord r = launched(options, submitted);
        Instant end = submitted.plusMillis(1200);
        update(r, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_EXECUTOR, null, thrown.toString(), end);
        r.started = end;
        TaskFailure failure = new TaskFailure(RemoteError.of(thrown));
        r.failure = FailureDetail.trace(failure);
        r.failureDetail = FailureDetail.of(failure);
        registry.attemptEnded(r);
        registry.moveTo(r, TaskPhase.FAILED, end);
        return r.view();
    }

    /** A task that runs now (it said so once), on {@link #AGENT}. */
    public TaskView running(TaskOptions options, Instant submitted) {
        TaskRecord r = launched(options, submitted);
        update(r, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, "", submitted.plusMillis(800));
        r.started = submitted.plusMillis(800);
        registry.moveTo(r, TaskPhase.RUNNING, r.started);
        return r.view();
    }

    /** A task cancelled while it was queued: never launched. */
    public TaskView cancelledQueued(TaskOptions options, Instant submitted) {
        TaskRecord r = record(options, submitted);
        registry.moveTo(r, TaskPhase.CANCELLED, submitted.plusSeconds(2));
        registry.peekReady(1);
        return r.view();
    }

    /** Updates for the task's attempt, as the loop records them, {@code count} of them. */
    public TaskView updates(String taskId, int count) {
        TaskRecord r = registry.get(taskId);
        for (int i = 0; i < count; i++) {
            update(r, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, "update " + i, Instant.now());
        }
        registry.publish(r);
        return r.view();
    }

    private TaskRecord record(TaskOptions options, Instant submitted) {
        TaskRecord r = new TaskRecord(scheduler.newTaskId(), options, PAYLOAD, new CompletableFuture<>(), submitted);
        registry.add(r);
        return r;
    }

    private TaskRecord launched(TaskOptions options, Instant submitted) {
        TaskRecord r = record(options, submitted);
        r.attempts = 1;
        r.agentId = AGENT;
        r.executorId = EXECUTOR;
        r.launched = submitted.plusMillis(300);
        // Into a run of the executor that never says hello here: where its sandbox is stays unknown.
        r.ranIn(AttemptPlace.launched(1, AGENT, EXECUTOR, null));
        registry.attemptLaunched(r, r.mesosIdFor(1));
        registry.moveTo(r, TaskPhase.LAUNCHED, r.launched);
        // Its place in the ready line is stale now; offers would skip (and drop) it, so does this.
        registry.peekReady(1);
        return r;
    }

    private static void update(TaskRecord r, TaskState state, TaskStatus.Source source, TaskStatus.Reason reason,
                               String message, Instant at) {
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(r.mesosTaskId))
                .setState(state).setSource(source).setMessage(message);
        if (reason != null) {
            status.setReason(reason);
        }
        r.recordUpdate(StatusUpdate.of(status.build(), r.attempts, at));
        r.mesosState = state.name();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
