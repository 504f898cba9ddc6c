package io.ferry.sandbox;

/**
 * A sandbox file could not be read: the agent answered with an error ({@link #status()}), or did not answer
 * ({@link #status()} 0).
 */
public class SandboxFileException extends RuntimeException {

    private final int status;

    public SandboxFileException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The agent's HTTP status, or 0 when there was no answer (unreachable agent, timeout, unreadable answer). */
    public int status() {
        return status;
    }

    /** The agent has no such file (404): an executor that wrote nothing yet, or a sandbox that is gone. */
    public boolean notFound() {
        return status == 404;
    }
}
