package io.ferry.web.live;

import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import java.time.Instant;

/**
 * One task in the {@code tasks} event: what a table row shows, with the result or failure cut short (a remote stack
 * trace would make every event kilobytes long; {@code GET /api/tasks/{id}} has the whole of it).
 *
 * @param id       the task id
 * @param name     its name
 * @param phase    where it is
 * @param agentId  the agent of its current or last attempt, or null
 * @param attempts how many times it was launched
 * @param changed  when it last moved (submitted, launched, started or finished)
 * @param outcome  the result, or the failure's first line, cut to {@link #OUTCOME_LENGTH} characters; or null
 */
public record TaskRow(String id, String name, TaskPhase phase, String agentId, int attempts, Instant changed,
               String outcome) {

    static final int OUTCOME_LENGTH = 160;

    static TaskRow of(TaskView view) {
        return new TaskRow(view.id(), view.name(), view.phase(), view.agentId(), view.attempts(), lastChange(view),
                outcome(view));
    }

    private static Instant lastChange(TaskView view) {
        Instant last = Instant.EPOCH;
        for (Instant t : new Instant[] {view.submitted(), view.launched(), view.started(), view.finished()}) {
            if (t != null && t.isAfter(last)) {
                last = t;
            }
        }
        return last;
    }

    private static String outcome(TaskView view) {
        String text = view.result() != null ? view.result() : view.failure();
        if (text == null) {
            return null;
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() <= OUTCOME_LENGTH ? line : line.substring(0, OUTCOME_LENGTH - 1) + "…";
    }
}
