package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.task.Task;
import io.ferry.task.TaskFailure;
import io.ferry.wire.FerryEnv;
import io.ferry.wire.JavaSerialization;
import org.apache.mesos.v1.Protos.TaskState;

import java.io.IOException;
import java.io.InvalidClassException;
import java.util.Objects;

/**
 * One task's body, on its thread: {@code TaskInfo.data} deserialized into a {@link Task} through the app's class
 * loader, run, and its result serialized, all of it ending in the task's terminal {@link TaskUpdate}. Whatever
 * fails on the way (the data, the filter, the task, the result) becomes a {@code TASK_FAILED} that says which; the
 * lifecycle around it (kills, {@code TASK_RUNNING}, output files) is {@link TaskRunner}'s.
 */
final class TaskExecution {

    /**
     * How a task ended.
     *
     * @param update      its terminal update
     * @param outOfMemory what it threw, when that was an {@link OutOfMemoryError}: the JVM is then unfit to go on
     */
    record Outcome(TaskUpdate update, OutOfMemoryError outOfMemory) {
        Outcome {
            Objects.requireNonNull(update, "update");
        }
    }

    private final ClassLoader loader;
    private final int maxTaskBytes;
    private final int maxResultBytes;
    private final FailureUpdates failures;

    /**
     * @param loader         resolves the classes of tasks and results
     * @param maxTaskBytes   the largest {@code TaskInfo.data} deserialized
     * @param maxResultBytes the largest serialized result
     */
    TaskExecution(ClassLoader loader, int maxTaskBytes, int maxResultBytes) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.maxTaskBytes = maxTaskBytes;
        this.maxResultBytes = maxResultBytes;
        this.failures = new FailureUpdates(maxResultBytes);
    }

    /** Runs task {@code id} from its data; on the task's thread, whose context class loader is the app's. */
    Outcome run(String id, ByteString data) {
        Object task;
        try {
            task = deserialize(id, data);
        } catch (Throwable t) {
            return failed(id, t);
        }
        Object result;
        try {
            result = ((Task<?>) task).run();
        } catch (Throwable t) {
            return failed(id, t);
        }
        try {
            return new Outcome(new TaskUpdate(id, TaskState.TASK_FINISHED,
                    JavaSerialization.serializeToByteString(result, maxResultBytes), null), null);
        } catch (JavaSerialization.TooLargeException e) {
            return failed(id, new TaskFailure("result of task " + id + " exceeds the limit of " + maxResultBytes
                    + " bytes (" + FerryEnv.MAX_RESULT_BYTES + " / ferry.executor.max-result-size)"));
        } catch (Throwable t) {
            return failed(id, new TaskFailure("result of task " + id + " (a " + result.getClass().getName()
                    + ") could not be serialized: " + t, t));
        }
    }

    private Object deserialize(String id, ByteString data) {
        if (data.isEmpty()) {
            throw new TaskFailure("task " + id + " has no data: TaskInfo.data must hold a serialized "
                    + Task.class.getName());
        }
        if (data.size() > maxTaskBytes) {
            throw new TaskFailure("task " + id + " was not run: its data (" + data.size() + " bytes) exceeds this"
                    + " executor's limit of " + maxTaskBytes + " bytes (the smaller of "
                    + JavaSerialization.MAX_TASK_BYTES + " and an eighth of the executor's heap; give the"
                    + " executor more memory or send a smaller task)");
        }
        Object task;
        try {
            task = JavaSerialization.deserialize(data.newInput(), data.size(), loader);
        } catch (ClassNotFoundException e) {
            throw new TaskFailure("task " + id + " could not be deserialized: " + e.getMessage(), e);
        } catch (InvalidClassException e) {
            if (String.valueOf(e.getMessage()).contains("REJECTED")) {
                throw new TaskFailure("task " + id + " could not be deserialized: its data was rejected by the"
                        + " deserialization filter (an object graph deeper than " + JavaSerialization.MAX_DEPTH
                        + " or an array longer than the data)", e);
            }
            throw new TaskFailure("task " + id + " could not be deserialized: " + e, e);
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new TaskFailure("task " + id + " could not be deserialized: " + e, e);
        }
        if (!(task instanceof Task)) {
            throw new TaskFailure("TaskInfo.data of task " + id + " holds a "
                    + (task == null ? "null" : task.getClass().getName()) + ", not a " + Task.class.getName());
        }
        return task;
    }

    private Outcome failed(String id, Throwable t) {
        OutOfMemoryError oom = t instanceof OutOfMemoryError e ? e : null;
        try {
            return new Outcome(failures.update(id, t), oom);
        } catch (RuntimeException | Error e) {
            // A throwable whose toString() or stack trace throws, or no memory left to describe it: the task still
            // ends, and a task's OutOfMemoryError still makes the JVM unfit.
            return new Outcome(undescribed(id, e),
                    oom != null ? oom : e instanceof OutOfMemoryError describing ? describing : null);
        }
    }

    /** The terminal update of a task whose failure could not be described: {@code e} is what describing threw. */
    static TaskUpdate undescribed(String id, Throwable e) {
        return new TaskUpdate(id, TaskState.TASK_FAILED, ByteString.EMPTY, "task " + id
                + " failed, and describing its failure failed too: " + e.getClass().getName());
    }
}
