package io.ferry.task;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throwable as it travels from the executor back to the app: its class name, message, stack trace and causes.
 *
 * <p>Only JDK types are used, so it always deserializes in the app even when the remote exception's own class
 * does not exist there (or does not serialize).
 *
 * @param className  the remote throwable's class name
 * @param message    its message, or {@code null}
 * @param stackTrace its stack trace, outermost frame first
 * @param cause      its cause, or {@code null}
 * @since 0.1
 */
public record RemoteError(String className, String message, StackTraceElement[] stackTrace, RemoteError cause)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Causes deeper than this are cut: a cycle or a pathological chain must not blow the stack. */
    static final int MAX_CAUSES = 32;

    public RemoteError {
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("className must not be blank");
        }
        stackTrace = stackTrace == null ? new StackTraceElement[0] : stackTrace.clone();
    }

    /** Captures {@code throwable} and its cause chain (cycles and chains over 32 causes are cut). */
    public static RemoteError of(Throwable throwable) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = throwable; t != null && chain.size() < MAX_CAUSES && seen.put(t, true) == null; t = t.getCause()) {
            chain.add(t);
        }
        RemoteError result = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            result = new RemoteError(t.getClass().getName(), t.getMessage(), t.getStackTrace(), result);
        }
        return result;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        return stackTrace.clone();
    }

    /** {@code className: message}, like {@link Throwable#toString()}. */
    @Override
    public String toString() {
        return message == null ? className : className + ": " + message;
    }
}
