package io.ferry.web.tasks;

import io.ferry.samples.Batch;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskQuery;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which tasks a list shows, from the query string of {@code /tasks} and {@code GET /api/tasks}:
 * {@code ?state=running&q=report&page=2&size=50}, or {@code ?batch=b3} for the tasks of one launch.
 *
 * @param state one or more phases, comma-separated (queued, launched, running, succeeded, failed, cancelled), or
 *              active (not finished) or finished; any case; empty for all
 * @param q     a piece of the id, the name, or a label's key or value; or {@code key=value} for a label
 * @param batch the id of a batch: only its tasks
 * <p>{@code page} and {@code size} are text checked by a pattern rather than numbers: a value that is no number
 * must still give a filter to show the form with, and a message beside its field (a record whose number fails to
 * convert is not built at all).
 *
 * @param page  the page, from 1
 * @param size  tasks per page, 1 to 500
 */
public record TaskFilter(
        @Pattern(regexp = "(?i)\\s*(" + STATES + ")\\s*(,\\s*(" + STATES + ")\\s*)*|\\s*",
                message = "must be one or more of " + STATES_TEXT) String state,
        @Size(max = 200, message = "must be at most 200 characters") String q,
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = "[A-Za-z0-9_.-]*", message = "must be a batch id such as b12") String batch,
        @Pattern(regexp = "\\s*[1-9][0-9]{0,6}\\s*", message = "must be a whole number from 1 to 9999999")
        String page,
        @Pattern(regexp = "\\s*([1-9][0-9]?|[1-4][0-9][0-9]|500)\\s*",
                message = "must be a whole number from 1 to 500") String size) {

    static final String STATES = "queued|launched|running|succeeded|failed|cancelled|active|finished";
    static final String STATES_TEXT = "queued, launched, running, succeeded, failed, cancelled, active, finished"
            + " (comma-separated)";
    static final int DEFAULT_SIZE = 50;

    /** Every task, first page. */
    public static TaskFilter all() {
        return new TaskFilter(null, null, null, null, null);
    }

    /** The page, from 1; only for a valid filter. */
    public int pageOrDefault() {
        return page == null || page.isBlank() ? 1 : Integer.parseInt(page.strip());
    }

    /** Tasks per page; only for a valid filter. */
    public int sizeOrDefault() {
        return size == null || size.isBlank() ? DEFAULT_SIZE : Integer.parseInt(size.strip());
    }

    /** The phases {@code state} names; empty for all. Only for a valid filter. */
    public Set<TaskPhase> phases() {
        Set<TaskPhase> phases = EnumSet.noneOf(TaskPhase.class);
        if (state == null || state.isBlank()) {
            return phases;
        }
        for (String word : state.split(",")) {
            switch (word.strip().toLowerCase(Locale.ROOT)) {
                case "active" -> phases.addAll(EnumSet.of(TaskPhase.QUEUED, TaskPhase.LAUNCHED, TaskPhase.RUNNING));
                case "finished" ->
                        phases.addAll(EnumSet.of(TaskPhase.SUCCEEDED, TaskPhase.FAILED, TaskPhase.CANCELLED));
                default -> phases.add(TaskPhase.valueOf(word.strip().toUpperCase(Locale.ROOT)));
            }
        }
        return phases;
    }

    TaskQuery toQuery() {
        boolean inBatch = batch != null && !batch.isBlank();
        return new TaskQuery(phases(), q, inBatch ? Batch.LABEL : null, inBatch ? batch.strip() : null,
                (int) Math.min(Integer.MAX_VALUE, (long) (pageOrDefault() - 1) * sizeOrDefault()), sizeOrDefault());
    }

    /** Whether {@code state} is, as written, one of the choices of the page's list (one phase, active, finished). */
    public boolean isListedState() {
        return state != null && state.matches(STATES);
    }

    /** This filter's URL at another page. */
    public String atPage(int n) {
        return link(state, n);
    }

    /** This filter's URL with another state (and from the first page); null or empty for all states. */
    public String withState(String newState) {
        return link(newState, 1);
    }

    private String link(String newState, int n) {
        StringBuilder url = new StringBuilder("/tasks");
        param(url, "state", newState);
        param(url, "q", q);
        param(url, "batch", batch);
        param(url, "page", n == 1 ? null : Integer.toString(n));
        param(url, "size", size);
        return url.toString();
    }

    private static void param(StringBuilder url, String name, String value) {
        if (value != null && !value.isBlank()) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
