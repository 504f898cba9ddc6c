package io.ferry.web.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task stream's last minutes, kept on the server: what a client gets when it connects, or when it fell behind,
 * so that a page opened at any time shows the whole window and a slow reader never loses bars for good.
 *
 * <p>Bounded twice: ended bars are kept {@link #SPAN} at most, and at most {@code capacity} of them in a ring, the
 * oldest dropped first (and counted: at 2,000 tasks a second the ring holds the last 10 s, not 5 minutes). A bar is
 * a record of seven references whose strings and instants are mostly the task view's own; counting the id, the
 * two instants and the record itself as its own, about 150 bytes, so 20,000 bars are about 3 MB of heap, and their
 * JSON about 250 bytes each (5 MB for a full window, sent once per connection). Running bars are kept apart, by
 * task, until they end; they are as many as the tasks running, and bounded by the same capacity.
 *
 * <p>Fed with every changed bar ({@link StreamChanges}) at O(1) each; not thread-safe: the publisher thread's.
 */
final class StreamWindow {

    /** The task stream's span, as the page's timeline shows it (frontend/src/taskStream.ts WINDOW_MS). */
    static final Duration SPAN = Duration.ofMinutes(5);
    /** Ended bars kept: as many as the page's timeline keeps (taskStream.ts MAX_BARS). */
    static final int CAPACITY = 20_000;

    private final int capacity;
    private final StreamBar[] ended;
    private int head;
    private int size;
    private final Map<String, StreamBar> running = new LinkedHashMap<>();
    private long dropped;

    StreamWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.ended = new StreamBar[capacity];
    }

    /** A bar that changed: a start (kept while it runs) or an end (appended to the ring). */
    void put(StreamBar bar) {
        if (bar.end() == null) {
            running.put(bar.id(), bar);
            if (running.size() > capacity) {
                removeOldestRunning();
            }
            return;
        }
        running.remove(bar.id());
        if (size == capacity) {
            ended[head] = null;
            head = (head + 1) % capacity;
            size--;
            dropped++;
        }
        ended[(head + size) % capacity] = bar;
        size++;
    }

    /**
     * Forgets the running bars of tasks that are no longer running, nor remembered (a task that left the history
     * before its end was seen): O(running), once a pass over all the tasks.
     *
     * @param stillThere the ids of the tasks the last pass saw with a bar
     */
    void keepRunningOf(Set<String> stillThere) {
        running.keySet().retainAll(stillThere);
    }

    /** Forgets the running bar of a task that no longer runs nor is remembered (see {@link #keepRunningOf}). */
    void forgetRunning(String id) {
        running.remove(id);
    }

    /** Drops the ended bars that ended before the window, oldest first. */
    void trim(Instant now) {
        Instant from = now.minus(SPAN);
        while (size > 0 && ended[head].end().isBefore(from)) {
            ended[head] = null;
            head = (head + 1) % capacity;
            size--;
        }
    }

    /** The window's bars: the running ones, then those that ended, newest end first. */
    List<StreamBar> bars() {
        List<StreamBar> bars = new ArrayList<>(running.size() + size);
        bars.addAll(running.values());
        for (int i = size - 1; i >= 0; i--) {
            bars.add(ended[(head + i) % capacity]);
        }
        return bars;
    }

    int size() {
        return running.size() + size;
    }

    /** Ended bars dropped for room before their time was up, since the start. */
    long dropped() {
        return dropped;
    }

    private void removeOldestRunning() {
        Iterator<StreamBar> oldest = running.values().iterator();
        oldest.next();
        oldest.remove();
        dropped++;
    }
}
