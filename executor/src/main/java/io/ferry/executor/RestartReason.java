package io.ferry.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * Why this executor JVM is no longer fit to run tasks and must be replaced; {@link TaskRunner} finds these, and
 * {@link FerryExecutor} decides what to do about them.
 */
sealed interface RestartReason {

    /** The task that showed the problem. */
    String taskId();

    /** How the process exits for this reason. */
    ExitCode exitCode();

    /** One log line: the task, and what went wrong, with where. */
    String describe();

    /**
     * A killed task whose thread is still running {@code grace} after it was interrupted.
     *
     * @param taskId the task
     * @param thread the name of its pool thread
     * @param stack  where that thread was when the grace ran out
     * @param grace  {@code FERRY_KILL_GRACE}
     */
    record StuckTask(String taskId, String thread, StackTraceElement[] stack, Duration grace) implements RestartReason {

        /** Frames shown in the log line; the innermost ones say where the task is stuck. */
        static final int FRAMES_SHOWN = 40;

        public StuckTask {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(thread, "thread");
            stack = stack.clone();
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.STUCK_TASK;
        }

        @Override
        public String describe() {
            StringBuilder s = new StringBuilder("task ").append(taskId).append(" ignored its kill: thread ")
                    .append(thread).append(" still runs it ").append(grace.toMillis())
                    .append(" ms after the interrupt (FERRY_KILL_GRACE); stuck at ");
            if (stack.length == 0) {
                s.append("(no stack: the thread is just ending)");
            }
            for (int i = 0; i < Math.min(stack.length, FRAMES_SHOWN); i++) {
                s.append(i == 0 ? "" : " <- ").append(stack[i]);
            }
            if (stack.length > FRAMES_SHOWN) {
                s.append(" <- ... ").append(stack.length - FRAMES_SHOWN).append(" more");
            }
            return s.toString();
        }
    }

    /**
     * A task threw {@link OutOfMemoryError} (it was reported {@code TASK_FAILED} with the error).
     *
     * @param taskId the task
     * @param error  the error's {@code toString()}
     */
    record OutOfMemory(String taskId, String error) implements RestartReason {

        public OutOfMemory {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.OUT_OF_MEMORY;
        }

        @Override
        public String describe() {
            return "task " + taskId + " threw " + error + "; a JVM after an OutOfMemoryError may hold half-updated"
                    + " state in any thread";
        }
    }
}
