package io.ferry.web.live;

import io.ferry.scheduler.TaskView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Finds the bars that changed since the last pass, by comparing each task's bar with the one the last pass saw.
 * Compared by value rather than by time, so a task published late (its start older than the last tick) is not
 * missed. Remembers only the tasks of the last pass, so it is bounded as the task views are. Every changed bar also
 * goes to the {@link StreamWindow} (all of them: the cap on an event's bars does not apply there). Each pass that
 * found changes is numbered ({@link TaskStream#seq()}), so that a client can tell that it missed one. Not
 * thread-safe: fed by the publisher thread only.
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
    private Map<String, StreamBar> next = new HashMap<>();
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

    /** One task of this pass. */
    void see(TaskView view) {
        StreamBar bar = StreamBar.of(view);
        if (bar == null) {
            return;
        }
        next.put(bar.id(), bar);
        if (bar.equals(seen.get(bar.id()))) {
            return;
        }
        window.put(bar);
        changed.add(bar);
        if (changed.size() > maxBars) {
            changed.poll();
            omitted++;
        }
    }

    /** The number of the last pass that found changes; 0 before the first. */
    long seq() {
        return seq;
    }

    /** Ends the pass: what changed in it, newest first, or null when nothing did. */
    TaskStream finish() {
        Map<String, StreamBar> old = seen;
        seen = next;
        old.clear();
        next = old;
        window.keepRunningOf(seen.keySet());
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
