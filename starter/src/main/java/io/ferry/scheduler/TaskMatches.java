package io.ferry.scheduler;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link TaskQuery}: one slice of the matching tasks, how many matched, and how many of each phase
 * matched the rest of the query (so that a page can show the counts beside its phase filter).
 *
 * @param items   the tasks of the slice, unfinished first, then newest first
 * @param total   how many tasks matched the whole query
 * @param byPhase how many tasks of each phase matched the query's text and label, whatever its phases
 */
public record TaskMatches(List<TaskView> items, int total, Map<TaskPhase, Integer> byPhase) {

    public TaskMatches {
        items = List.copyOf(items);
        byPhase = Map.copyOf(byPhase);
    }
}
