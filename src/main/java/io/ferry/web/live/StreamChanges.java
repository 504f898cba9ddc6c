package io.ferry.web.live;

import io.ferry.scheduler.TaskView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Finds the bars that changed, by comparing each changed task's bar with the one last seen for it. Compared by
 * value rather than by time, so a task published late (its start older than the last tick) is not missed, and a
 * task given twice is sent once. Fed the tasks that changed ({@link #see}, {@link #gone}), or now and then all of
 * them ({@link #pass}); remembers the bar of each task remembered, so it is bounded as the task views are. Every
 * changed bar also goes to the {@link StreamWindow} (all of them: the cap on an event's bars does not apply there).
 * Each round that found changes is numbered ({@link TaskStream#seq()}), so that a client can tell that it missed
 * one. Not thread-safe: fed by the publisher thread only.
 */
final class StreamChanges {

    /** Bars in one event: enough for thousands of tasks a second at two ticks a second, and a bounded event. */
    static final int MAX_BARS = 2_000;

    private static final Comparator<StreamBar> OLDEST_CHANGE_FIRST =
            Comparator.comparing(StreamBar::changed).thenComparing(StreamBar::id);

    private final int maxBars;
    private final StreamWindow window;
    private long seq;
    private Map<String, StreamBar> seen = new HashMap<>();
    // The newest changes without sorting them all: a heap whose head is the oldest change kept.
    private final PriorityQueue<StreamBar> changed;
    private int omitted;

    StreamChanges(int maxBars, StreamWindow window) {
        this.window = window;
        if (maxBars < 1) {
            throw new IllegalArgumentException("maxBars must be positive: " + maxBars);
        }
        this.maxBars = maxBars;
        this.changed = new PriorityQueue<>(OLDEST_CHANGE_FIRST);
    }

    /** A task that changed (or that a pass found). */
    void see(TaskView view) {
        StreamBar bar = StreamBar.of(view);
        if (bar == null) {
            gone(view.id()); // queued again for a retry: its bar starts again when it does
            return;
        }
        StreamBar old = seen.put(bar.id(), bar);
        if (!bar.equals(old)) {
            changed(bar);
        }
    }

    /** A task no longer has a bar: it left the history, or it is queued again. */
    void gone(String id) {
        if (seen.remove(id) != null) {
            window.forgetRunning(id);
        }
    }

    /**
     * One look at every task remembered, when the changes are not known (the first round, or the scheduler's feed
     * overflowed): what differs from the bars seen is a change, and a task not there is gone.
     */
    void pass(Collection<TaskView> views) {
        Map<String, StreamBar> next = new HashMap<>(Math.max(16, seen.size() * 4 / 3));
        for (TaskView view : views) {
            StreamBar bar = StreamBar.of(view);
            if (bar == null) {
                continue;
            }
            next.put(bar.id(), bar);
            if (!bar.equals(seen.get(bar.id()))) {
                changed(bar);
            }
        }
        seen = next;
        window.keepRunningOf(seen.keySet());
    }

    private void changed(StreamBar bar) {
        window.put(bar);
        changed.add(bar);
        if (changed.size() > maxBars) {
            changed.poll();
            omitted++;
        }
    }

    /** The number of the last round that found changes; 0 before the first. */
    long seq() {
        return seq;
    }

    /** Ends the round: what changed in it, newest first, or null when nothing did. */
    TaskStream finish() {
        if (changed.isEmpty()) {
            return null;
        }
        List<StreamBar> bars = new ArrayList<>(changed);
        bars.sort(OLDEST_CHANGE_FIRST.reversed());
        TaskStream stream = TaskStream.diff(++seq, bars, omitted);
        changed.clear();
        omitted = 0;
        return stream;
    }
}
