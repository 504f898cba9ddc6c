package io.ferry.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.Map;

/**
 * The published task views by phase, kept as the loop moves them, so that a reader (the dashboard, 100,000 tasks in
 * history) gets the counts without a pass over the views.
 *
 * <p>One writer, the loop; any number of readers. A move changes two counts, and a reader must never see it half
 * done (a task in two phases, or in none), yet the loop must never wait: a sequence lock. The writer makes the
 * version odd, changes the counts, and makes it even again (release stores, no atomic read-modify-write, no
 * allocation); a reader copies the counts and keeps the copy only if the version was even and the same before
 * and after, else tries again.
 */
final class PhaseCounts {

    private static final TaskPhase[] PHASES = TaskPhase.values();
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(PhaseCounts.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int[] counts = new int[PHASES.length];
    private long version;

    /**
     * On the loop: a view left phase {@code from} for phase {@code to}; {@code from} null for a new one, {@code to}
     * null for one gone from history.
     */
    void moved(TaskPhase from, TaskPhase to) {
        if (from == to) {
            return;
        }
        long v = version;
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence(); // the odd version is visible before any count changes
        if (from != null) {
            counts[from.ordinal()]--;
        }
        if (to != null) {
            counts[to.ordinal()]++;
        }
        VERSION.setRelease(this, v + 2);
    }

    /** On any thread: the counts as of one moment between two moves, every phase present. */
    Map<TaskPhase, Integer> snapshot() {
        int[] copy = new int[PHASES.length];
        while (true) {
            long before = (long) VERSION.getAcquire(this);
            if ((before & 1) == 0) {
                System.arraycopy(counts, 0, copy, 0, copy.length);
                VarHandle.acquireFence(); // the copy is read before the version is read again
                if ((long) VERSION.getAcquire(this) == before) {
                    break;
                }
            }
            // A move takes nanoseconds on the loop: the next try sees it done.
            Thread.onSpinWait();
        }
        Map<TaskPhase, Integer> byPhase = new EnumMap<>(TaskPhase.class);
        for (TaskPhase phase : PHASES) {
            byPhase.put(phase, copy[phase.ordinal()]);
        }
        return byPhase;
    }
}
