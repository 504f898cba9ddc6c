package io.ferry.executor;

import io.ferry.wire.ExecutorExitCode;

/**
 * The executor's exit codes, one per way of ending, so that an operator reading the agent's "Executor terminated"
 * status (or {@code echo $?} after a manual run) knows which of them happened without the logs. The codes and
 * their meanings are {@link ExecutorExitCode}'s, in the wire, where the scheduler reads them back from the
 * executor's wait status; this enum says when the executor uses each.
 *
 * <p>Codes 126, 127 and 128 + n belong to the shell and to signals; a task that calls {@code System.exit} exits
 * with whatever code it chose, which may collide with these (the executor does not block it, see
 * {@link FerryExecutor}).
 */
enum ExitCode {

    /** SHUTDOWN from the agent was carried out: every task killed and, within the grace period, acknowledged. */
    SHUTDOWN(ExecutorExitCode.SHUTDOWN),
    /**
     * The agent was lost: the event stream ended, broke or carried a malformed record with
     * {@code MESOS_CHECKPOINT=0}, or no SUBSCRIBE was ever answered within
     * {@link AgentConnection#FIRST_SUBSCRIBE_WINDOW} (or {@code MESOS_RECOVERY_TIMEOUT} when checkpointing).
     */
    AGENT_LOST(ExecutorExitCode.AGENT_LOST),
    /** The environment is incomplete or malformed; one line on stderr names every problem. */
    CONFIG_ERROR(ExecutorExitCode.CONFIG_ERROR),
    /**
     * A task threw {@link OutOfMemoryError}: it was reported {@code TASK_FAILED}, and the executor restarted.
     * The same code as HotSpot's {@code -XX:+ExitOnOutOfMemoryError}, so both read alike.
     */
    OUT_OF_MEMORY(ExecutorExitCode.OUT_OF_MEMORY),
    /** With {@code MESOS_CHECKPOINT=1}: the agent could not be resubscribed to within {@code MESOS_RECOVERY_TIMEOUT}. */
    RECOVERY_TIMEOUT(ExecutorExitCode.RECOVERY_TIMEOUT),
    /** The agent answered SUBSCRIBE with 401 or 403: {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN} was refused. */
    CREDENTIALS_REFUSED(ExecutorExitCode.CREDENTIALS_REFUSED),
    /**
     * A killed task's thread was still running {@code FERRY_KILL_GRACE} after its interrupt; the executor restarted
     * to free the slot and the CPU it held (see {@link FerryExecutor}).
     */
    STUCK_TASK(ExecutorExitCode.STUCK_TASK);

    private final ExecutorExitCode code;

    ExitCode(ExecutorExitCode code) {
        this.code = code;
    }

    int code() {
        return code.code();
    }

    /** What the code means, as the scheduler will name it. */
    String meaning() {
        return code.meaning();
    }

    /** The constant with {@code code}, for tests and logs; {@code null} for a code the executor never uses. */
    static ExitCode of(int code) {
        for (ExitCode c : values()) {
            if (c.code.code() == code) {
                return c;
            }
        }
        return null;
    }
}
