package io.ferry.web.live;

import java.util.List;

/**
 * The {@code tasks} event: the tasks that moved last, newest change first. A whole snapshot rather than a diff, so
 * that a client that missed events (or just connected) is right after the next one.
 *
 * @param recent at most {@link LiveSnapshots#RECENT_TASKS} tasks
 */
public record RecentTasks(List<TaskRow> recent) {
}
