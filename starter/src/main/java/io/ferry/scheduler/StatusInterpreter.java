package io.ferry.scheduler;

import com.google.protobuf.ByteString;
import io.ferry.task.RemoteError;
import io.ferry.task.TaskFailure;
import io.ferry.wire.JavaSerialization;
import java.io.IOException;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Reads a Mesos status update of a live attempt and says what it means for the task: still running, finished
 * with a value, failed for good, or worth another attempt. It decides; the scheduler acts.
 *
 * <p>The line between "failed" and "retry": a task that threw (TASK_FAILED from the executor) has its answer, and
 * running it again would throw again. A task whose executor or agent died (TASK_FAILED from the agent, TASK_LOST,
 * TASK_DROPPED, TASK_GONE…) never got to answer, so it may run again.
 */
final class StatusInterpreter {

    sealed interface Outcome {
        record Running() implements Outcome {
        }

        record Succeeded(Object value, String text) implements Outcome {
        }

        record Failed(Throwable failure) implements Outcome {
        }

        record Retry(String reason) implements Outcome {
        }

        /**
         * The executor died under the attempt (or before it could start it): worth another attempt, and worth
         * saying how the executor ended, which the scheduler finds out first ({@code ExecutorDeaths}).
         */
        record ExecutorDied(String status) implements Outcome {
        }

        record Ignore() implements Outcome {
        }
    }

    /**
     * How much of a result's {@code toString()} the task's view keeps: a preview, small enough that a finished task
     * stays under about a KiB in history.
     */
    static final int TEXT_LIMIT = 512;

    private final ClassLoader loader;

    StatusInterpreter(ClassLoader loader) {
        this.loader = loader;
    }

    Outcome interpret(TaskRecord r, TaskStatus status, ExecutorPlace executor) {
        if (status.hasReason() && status.getReason() == TaskStatus.Reason.REASON_RECONCILIATION) {
            return reconciled(r, status, executor);
        }
        return switch (status.getState()) {
            case TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING -> new Outcome.Running();
            case TASK_FINISHED -> finished(r, status);
            case TASK_FAILED -> status.getSource() == TaskStatus.Source.SOURCE_EXECUTOR
                    ? new Outcome.Failed(remoteFailure(r, status))
                    : executorDied(status) ? new Outcome.ExecutorDied(statusText(status))
                    : new Outcome.Retry(infrastructure(status, r, executor));
            case TASK_KILLED -> r.killCause == null
                    ? new Outcome.Retry(infrastructure(status, r, executor))
                    : new Outcome.Ignore();
            // Ferry builds every TaskInfo itself, so a refusal is not the task's fault; the usual cause is a race:
            // the executor exited between the offer and the ACCEPT, so its resources no longer fit
            // (docs/mesos-notes.md §4). Another attempt, within the task's retry budget.
            case TASK_ERROR -> new Outcome.Retry(infrastructure(status, r, executor));
            case TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> executorDied(status)
                    ? new Outcome.ExecutorDied(statusText(status))
                    : new Outcome.Retry(infrastructure(status, r, executor));
            // Partition-aware: the agent may come back; the task's timeout bounds the wait.
            case TASK_UNREACHABLE -> new Outcome.Ignore();
        };
    }

    /**
     * A reconciliation answer comes from the master, without data or uuid (docs/mesos-notes.md §8). A task it says
     * finished or failed still has its real update (with the result) on the way: the agent resends it until it is
     * acknowledged, so the answer is only noted. A task the master does not know, or lost, gets another attempt.
     */
    private Outcome reconciled(TaskRecord r, TaskStatus status, ExecutorPlace executor) {
        return switch (status.getState()) {
            case TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING -> new Outcome.Running();
            case TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN ->
                    new Outcome.Retry(infrastructure(status, r, executor));
            default -> new Outcome.Ignore();
        };
    }

    private Outcome finished(TaskRecord r, TaskStatus status) {
        try {
            Object value = deserialize(status.getData());
            return new Outcome.Succeeded(value, text(value));
        } catch (Exception | LinkageError e) {
            return new Outcome.Failed(new TaskFailure("task " + r.id + " finished, but its result ("
                    + status.getData().size() + " bytes) could not be deserialized: " + e, e));
        }
    }

    private Throwable remoteFailure(TaskRecord r, TaskStatus status) {
        if (status.getData().isEmpty()) {
            return new TaskFailure("task " + r.id + " failed: " + status.getMessage());
        }
        try {
            Object value = deserialize(status.getData());
            if (value instanceof RemoteError remote) {
                return new TaskFailure(remote);
            }
            return new TaskFailure("task " + r.id + " failed: " + status.getMessage());
        } catch (Exception | LinkageError e) {
            return new TaskFailure("task " + r.id + " failed (" + status.getMessage()
                    + "), and its failure could not be deserialized: " + e, e);
        }
    }

    /** Reads the value straight from the update's bytes, without a copy of them. */
    private Object deserialize(ByteString data) throws IOException, ClassNotFoundException {
        return JavaSerialization.deserialize(data.newInput(), data.size(), loader);
    }

    /**
     * An update the agent made because the executor ended (docs/mesos-notes.md §4.2): it terminated with the task
     * live, never registered, could not be launched, or had ended when the launch arrived.
     */
    static boolean executorDied(TaskStatus status) {
        if (status.getSource() != TaskStatus.Source.SOURCE_AGENT || !status.hasReason()) {
            return false;
        }
        return switch (status.getReason()) {
            case REASON_EXECUTOR_TERMINATED, REASON_EXECUTOR_REGISTRATION_TIMEOUT, REASON_CONTAINER_LAUNCH_FAILED ->
                    true;
            default -> false;
        };
    }

    /** The update in words: "TASK_FAILED (REASON_EXECUTOR_TERMINATED) from SOURCE_AGENT: Executor terminated". */
    static String statusText(TaskStatus status) {
        StringBuilder s = new StringBuilder(status.getState().name());
        if (status.hasReason()) {
            s.append(" (").append(status.getReason().name()).append(')');
        }
        s.append(" from ").append(status.getSource().name());
        if (!status.getMessage().isEmpty()) {
            s.append(": ").append(status.getMessage());
        }
        return s.toString();
    }

    /** What happened to an attempt that never answered, naming the agent, the executor and where its logs are. */
    private static String infrastructure(TaskStatus status, TaskRecord r, ExecutorPlace executor) {
        StringBuilder s = new StringBuilder(statusText(status));
        s.append("; agent ").append(r.agentId).append(", executor ").append(r.executorId);
        if (executor != null && executor.executorId().equals(r.executorId)) {
            s.append(", logs in ").append(executor.directory()).append("/stderr on ").append(executor.agentEndpoint());
        }
        return s.toString();
    }

    /**
     * Whether this update is the last the attempt will get. A reconciliation answer that the task finished, failed
     * or was killed is not: the agent still resends the real update (with the result) until it is acknowledged.
     */
    static boolean endsAttempt(TaskStatus status) {
        if (!isTerminal(status.getState())) {
            return false;
        }
        boolean reconciliation = status.hasReason() && status.getReason() == TaskStatus.Reason.REASON_RECONCILIATION;
        return !reconciliation || switch (status.getState()) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR -> false;
            default -> true;
        };
    }

    static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    static String text(Object value) {
        String s = String.valueOf(value);
        return s.length() <= TEXT_LIMIT ? s : s.substring(0, TEXT_LIMIT) + "…";
    }

}
