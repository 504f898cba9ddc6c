package io.ferry.task;

import java.io.Serial;

/**
 * The exception a task's future completes with when the task threw on its agent, or could not run there.
 *
 * <p>Its stack trace is the remote one, and its cause is the remote cause, again as a {@code TaskFailure}, so a
 * printed stack trace reads like the original. {@link #remote()} keeps the original class names.
 *
 * @since 0.1
 */
public class TaskFailure extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final RemoteError remote;

    /** A failure that mirrors the remote throwable {@code remote}. */
    public TaskFailure(RemoteError remote) {
        super(remote.toString(), remote.cause() == null ? null : new TaskFailure(remote.cause()), false, true);
        this.remote = remote;
        setStackTrace(remote.stackTrace());
    }

    /** A failure raised by Ferry itself (the task could not be run), with a message saying why. */
    public TaskFailure(String message) {
        super(message);
        this.remote = null;
    }

    /** A failure raised by Ferry itself, caused by {@code cause}. */
    public TaskFailure(String message, Throwable cause) {
        super(message, cause);
        this.remote = null;
    }

    /** The remote throwable, or {@code null} when Ferry raised this failure itself. */
    public RemoteError remote() {
        return remote;
    }

    /** The class name of the remote throwable, or {@code null} when Ferry raised this failure itself. */
    public String remoteClassName() {
        return remote == null ? null : remote.className();
    }
}
