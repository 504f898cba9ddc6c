package io.ferry.web.live;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts tasks finished per second over the last {@code capacity} seconds, from the running total of finished
 * tasks. Kept on the server, so that a dashboard opened now shows the past minutes at once. Not thread-safe: fed
 * and read by the publisher thread only.
 *
 * <p>A reading's increase is counted in the second the reading is taken, so a task may land in the second after
 * the one it finished in (by at most one tick): good enough for a chart, and no per-task hook in the scheduler.
 */
final class FinishedRing {

    private final int[] counts;
    /** The second being counted; -1 before the first reading. */
    private long open = -1;
    private long openCount;
    private double lastTotal;

    FinishedRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        counts = new int[capacity];
    }

    /** Records the total of finished tasks (a counter: never decreases) read during the given epoch second. */
    void record(double total, long second) {
        if (open < 0) {
            // The first reading only sets the base: tasks finished before the app had a dashboard are not a rate.
            open = second;
            lastTotal = total;
            return;
        }
        if (second > open) {
            close(second);
        }
        openCount += Math.max(0, Math.round(total - lastTotal));
        lastTotal = total;
    }

    /** The complete seconds: those before the one being counted, oldest first. */
    Throughput throughput() {
        long last = open - 1;
        List<Integer> values = new ArrayList<>(counts.length);
        for (long s = last - counts.length + 1; s <= last; s++) {
            values.add(counts[slot(s)]);
        }
        return new Throughput(last, values);
    }

    /** Stores the open second's count and zeroes the seconds skipped up to {@code second}, which opens. */
    private void close(long second) {
        counts[slot(open)] = (int) Math.min(Integer.MAX_VALUE, openCount);
        long from = Math.max(open + 1, second - counts.length);
        for (long s = from; s < second; s++) {
            counts[slot(s)] = 0;
        }
        open = second;
        openCount = 0;
    }

    private int slot(long second) {
        return (int) Math.floorMod(second, (long) counts.length);
    }
}
