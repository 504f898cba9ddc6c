package io.ferry.scheduler;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which tasks to list, and which slice of them: what the task pages and the JSON API ask of
 * {@link FerryScheduler#tasks(TaskQuery)}. Tasks come unfinished first, then newest first.
 *
 * @param phases     the phases wanted; empty for all
 * @param text       a piece of the id, the name, or a label's key or value (any case); or {@code key=value}, a label
 *                   whose key is {@code key} and whose value contains {@code value}; null or blank for any
 * @param labelKey   with {@code labelValue}: only tasks that have exactly this label; null for any
 * @param labelValue the label's value
 * @param offset     how many matching tasks to skip
 * @param limit      the most tasks to return (0: only count them)
 */
public record TaskQuery(Set<TaskPhase> phases, String text, String labelKey, String labelValue, int offset,
                        int limit) {

    public TaskQuery {
        phases = phases == null || phases.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(phases));
        text = text == null || text.isBlank() ? null : text.strip();
        if ((labelKey == null) != (labelValue == null)) {
            throw new IllegalArgumentException("labelKey and labelValue go together");
        }
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
    }

    /** The {@code limit} first tasks of all: unfinished first, then newest first. */
    public static TaskQuery first(int limit) {
        return new TaskQuery(Set.of(), null, null, null, 0, limit);
    }
}
