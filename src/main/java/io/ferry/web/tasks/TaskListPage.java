package io.ferry.web.tasks;

import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskMatches;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import java.util.List;
import java.util.Map;

/**
 * One page of a task list: what {@code GET /api/tasks} answers and {@code /tasks} shows.
 *
 * @param items   the tasks of the page: unfinished first, then newest first
 * @param page    the page, from 1
 * @param size    tasks per page
 * @param total   how many tasks match the filter
 * @param pages   how many pages they fill (at least 1)
 * @param byPhase how many tasks of each phase match the filter's text and batch, whatever its state
 */
public record TaskListPage(List<TaskView> items, int page, int size, int total, int pages,
                           Map<TaskPhase, Integer> byPhase) {

    static TaskListPage find(TaskService tasks, TaskFilter filter) {
        TaskMatches matches = tasks.tasks(filter.toQuery());
        int size = filter.sizeOrDefault();
        return new TaskListPage(matches.items(), filter.pageOrDefault(), size, matches.total(),
                Math.max(1, (int) ((matches.total() + (long) size - 1) / size)), matches.byPhase());
    }

    /** Nothing: what a page with a bad filter shows. */
    static TaskListPage none() {
        return new TaskListPage(List.of(), 1, TaskFilter.DEFAULT_SIZE, 0, 1, Map.of());
    }

    /** How many tasks match the filter's text and batch, whatever their phase. */
    public int all() {
        return byPhase.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int count(TaskPhase phase) {
        return byPhase.getOrDefault(phase, 0);
    }
}
