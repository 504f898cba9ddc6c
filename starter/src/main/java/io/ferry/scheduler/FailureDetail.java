package io.ferry.scheduler;

import io.ferry.task.TaskFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a task failed, in the words of the code that threw: the remote class and message, and the chain of causes.
 * The stack trace itself (with the causes' frames) is the task's {@code failure} text, printed with the remote
 * class names as the original would have been ({@link #trace(Throwable)}), so it is not kept twice.
 *
 * @param className the remote throwable's class (e.g. {@code java.lang.IllegalStateException}), or
 *                  {@code io.ferry.task.TaskFailure} for a failure Ferry raised itself (a timeout, no retries left)
 * @param remote    whether the task's own code threw it, on its agent
 * @param message   its message, cut to a few hundred characters, or null
 * @param causes    its causes, outermost first, as {@code class: message}, at most {@value #MAX_CAUSES}
 */
public record FailureDetail(String className, boolean remote, String message, List<String> causes) {

    static final int MAX_CAUSES = 8;
    private static final int MESSAGE_LIMIT = 500;
    private static final int CAUSE_LIMIT = 300;
    /** The longest failure text kept with a task (its stack trace with causes). */
    static final int TRACE_LIMIT = 4000;
    /**
     * Frames written of the throwable itself, and of each cause: enough to see where, few enough that the causes
     * still fit in the text when the frames are many (a framework's stack).
     */
    private static final int FRAMES = 20;
    private static final int CAUSE_FRAMES = 8;

    public FailureDetail {
        causes = List.copyOf(causes);
    }

    static FailureDetail of(Throwable failure) {
        List<String> causes = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        seen.put(failure, true);
        for (Throwable c = failure.getCause(); c != null && causes.size() < MAX_CAUSES && seen.put(c, true) == null;
                c = c.getCause()) {
            causes.add(cut(header(c), CAUSE_LIMIT));
        }
        String message = message(failure);
        return new FailureDetail(className(failure), failure instanceof TaskFailure f && f.remote() != null,
                message == null ? null : cut(message, MESSAGE_LIMIT), causes);
    }

    /**
     * The stack trace with its causes as {@link Throwable#printStackTrace()} writes it, but with the remote class
     * names and messages where the task's code threw ({@link TaskFailure#remote()}), the first frames of each (the
     * rest as "... n more"), cut to a few thousand characters.
     */
    static String trace(Throwable failure) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        StackTraceElement[] enclosing = new StackTraceElement[0];
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        String prefix = "";
        for (Throwable t = failure; t != null && seen.put(t, true) == null && out.getBuffer().length() < TRACE_LIMIT;
                t = t.getCause()) {
            StackTraceElement[] frames = t.getStackTrace();
            // Frames this one shares with the one it caused are written as "... n more", as the JDK does.
            int m = frames.length - 1;
            int n = enclosing.length - 1;
            while (m >= 0 && n >= 0 && frames[m].equals(enclosing[n])) {
                m--;
                n--;
            }
            w.println(prefix + header(t));
            int shown = Math.min(m + 1, prefix.isEmpty() ? FRAMES : CAUSE_FRAMES);
            for (int i = 0; i < shown; i++) {
                w.println("\tat " + frames[i]);
            }
            if (shown < frames.length) {
                w.println("\t... " + (frames.length - shown) + " more");
            }
            enclosing = frames;
            prefix = "Caused by: ";
        }
        w.flush();
        return cut(out.toString(), TRACE_LIMIT);
    }

    private static String header(Throwable t) {
        String message = message(t);
        return message == null ? className(t) : className(t) + ": " + message;
    }

    private static String className(Throwable t) {
        return t instanceof TaskFailure f && f.remote() != null ? f.remoteClassName() : t.getClass().getName();
    }

    private static String message(Throwable t) {
        return t instanceof TaskFailure f && f.remote() != null ? f.remote().message() : t.getMessage();
    }

    private static String cut(String s, int limit) {
        return s.length() <= limit ? s : s.substring(0, limit) + "…";
    }
}
