package io.ferry.web.live;

import io.ferry.scheduler.TaskView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The tasks that moved last, kept from the changes alone: the newest {@code kept} rows, newest change first, so that
 * a round costs O(changes) and not a pass over the history.
 *
 * <p>What is kept is always the true top of all the tasks remembered: a changed row goes in when it is newer than
 * the oldest kept (and the oldest then drops out), or when everything remembered is kept. A row that leaves (its
 * task left the history, or its change time went back) may leave fewer kept than are shown; {@link #needsPass}
 * says so, and one pass over the tasks ({@link #rebuild}) refills it. Changes come newest, so that is rare: keeping
 * four screenfuls leaves room for 75 such losses. Not thread-safe: the publisher thread's.
 */
final class RecentRows {

    static final Comparator<TaskRow> NEWEST_CHANGE_FIRST =
            Comparator.comparing(TaskRow::changed, Comparator.reverseOrder()).thenComparing(TaskRow::id);

    private final int shown;
    private final int kept;
    private final TreeSet<TaskRow> ordered = new TreeSet<>(NEWEST_CHANGE_FIRST);
    private final Map<String, TaskRow> byId = new HashMap<>();
    /** Whether every task remembered is kept; false until the first rebuild. */
    private boolean everything;

    RecentRows(int shown, int kept) {
        if (shown < 1 || kept < shown) {
            throw new IllegalArgumentException("0 < shown <= kept, was " + shown + ", " + kept);
        }
        this.shown = shown;
        this.kept = kept;
    }

    /** A task's row changed (or the task is new). */
    void put(TaskRow row) {
        remove(row.id());
        if (!everything && (ordered.isEmpty() || NEWEST_CHANGE_FIRST.compare(row, ordered.last()) > 0)) {
            return; // older than all kept: tasks not kept may come before it
        }
        ordered.add(row);
        byId.put(row.id(), row);
        if (ordered.size() > kept) {
            byId.remove(ordered.pollLast().id());
            everything = false;
        }
    }

    /** A task left the history. */
    void remove(String id) {
        TaskRow old = byId.remove(id);
        if (old != null) {
            ordered.remove(old);
        }
    }

    /** Whether fewer are kept than are shown while tasks that are not kept may belong there: a pass is due. */
    boolean needsPass() {
        return !everything && ordered.size() < shown;
    }

    /** Keeps the newest of {@code tasks}, all the tasks remembered. */
    void rebuild(Collection<TaskView> tasks) {
        // The newest without sorting them all: a heap whose head is the oldest kept.
        PriorityQueue<TaskRow> newest = new PriorityQueue<>(kept + 1, NEWEST_CHANGE_FIRST.reversed());
        for (TaskView view : tasks) {
            newest.add(TaskRow.of(view));
            if (newest.size() > kept) {
                newest.poll();
            }
        }
        ordered.clear();
        byId.clear();
        for (TaskRow row : newest) {
            ordered.add(row);
            byId.put(row.id(), row);
        }
        everything = tasks.size() <= kept;
    }

    /** The rows shown: the newest, newest change first. */
    RecentTasks shown() {
        List<TaskRow> rows = new ArrayList<>(shown);
        for (Iterator<TaskRow> it = ordered.iterator(); it.hasNext() && rows.size() < shown; ) {
            rows.add(it.next());
        }
        return new RecentTasks(rows);
    }
}
