package io.ferry.web.live;

import io.ferry.scheduler.TaskView;
import java.time.Instant;

/**
 * One task in the {@code stream} event: a bar of the dashboard's task stream, from its start to its end.
 *
 * @param id         the task id
 * @param name       its name, cut to {@link #NAME_LENGTH} characters (every bar carries it, for the hover)
 * @param executorId the executor it ran in, or null
 * @param agentId    the agent, or null
 * @param start      when it started running (or was launched, when no running update came)
 * @param end        when it finished, or null while it runs
 * @param outcome    {@code running}, {@code succeeded}, {@code failed} or {@code killed}
 */
public record StreamBar(String id, String name, String executorId, String agentId, Instant start, Instant end,
                 String outcome) {

    static final int NAME_LENGTH = 80;

    /** The task's bar, or null while it has not started (queued, or queued again for a retry). */
    static StreamBar of(TaskView view) {
        Instant start = view.started() != null ? view.started() : view.launched();
        if (start == null) {
            return null;
        }
        String name = view.name();
        if (name != null && name.length() > NAME_LENGTH) {
            name = name.substring(0, NAME_LENGTH - 1) + "…";
        }
        Instant end = view.phase().isTerminal() ? view.finished() : null;
        return new StreamBar(view.id(), name, view.executorId(), view.agentId(), start, end, outcome(view));
    }

    /** When the bar last changed: its end, or its start. */
    Instant changed() {
        return end != null ? end : start;
    }

    private static String outcome(TaskView view) {
        return switch (view.phase()) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case CANCELLED -> "killed";
            default -> "running";
        };
    }
}
