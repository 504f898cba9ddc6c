package io.ferry.wire;

/**
 * How Ferry's executor process ends, as its exit code says: the contract between the executor, which exits with
 * these codes, and the scheduler, which reads them back from the executor's wait status (a Mesos {@code FAILURE}
 * event) and names them in the failures of the executor's tasks. The README's "Executor exit codes" lists the same.
 *
 * <p>Codes 126 and 127 are the launch script's ({@code ferry-executor.sh}, before any JVM runs); 128 + n is how a
 * shell reports a child killed by signal n. A task that calls {@code System.exit} exits with whatever code it chose,
 * which may collide with these.
 */
public enum ExecutorExitCode {

    SHUTDOWN(0, "shut down as asked"),
    /**
     * The executor lost its agent. Also what the {@code java} launcher exits with when the JVM cannot start (an
     * unknown option, too large a heap): the executor's stderr tells the two apart.
     */
    AGENT_LOST(1, "lost the agent, or the JVM could not start"),
    CONFIG_ERROR(2, "bad environment"),
    OUT_OF_MEMORY(3, "a task ran out of memory"),
    RECOVERY_TIMEOUT(4, "could not reconnect within MESOS_RECOVERY_TIMEOUT"),
    CREDENTIALS_REFUSED(5, "the agent refused its credentials"),
    STUCK_TASK(6, "restarted because a killed task would not stop"),
    NOT_EXECUTABLE(126, "the launch script could not run java"),
    NO_JAVA(127, "the launch script found no java");

    private final int code;
    private final String meaning;

    ExecutorExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** What the code means, in a few words, for messages: "a task ran out of memory". */
    public String meaning() {
        return meaning;
    }

    /** The constant with {@code code}, or null for a code no part of Ferry's executor uses. */
    public static ExecutorExitCode of(int code) {
        for (ExecutorExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
