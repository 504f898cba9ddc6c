package io.ferry.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The ids of the tasks whose published {@link TaskView} changed (or left the history), in the order they changed:
 * a feed for one reader that follows the tasks without walking all of them (the dashboard's publisher). Read the
 * current view of each id with {@link FerryScheduler#task(String)}; an id may come several times.
 *
 * <p>A bounded ring with one writer, the scheduler's loop, and one reader. The loop must never wait for the reader,
 * so when the ring is full the change is dropped and counted, and the reader's next {@link #drainTo} says that it
 * must look at every task once instead. Writing costs a few plain stores and no allocation (the id is the task's
 * own string); the positions are published with release stores and read with acquire loads, so no lock and no
 * atomic read-modify-write is ever taken. The loop writes an id after it published the view, so a reader that
 * sees the id (or the overflow) and then reads the view reads that view or a newer one.
 */
public final class TaskChanges {

    /** The ring's size: half a second of a scheduler at more than 30,000 tasks a second (about four changes each). */
    public static final int CAPACITY = 1 << 17;

    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(TaskChanges.class, "tail", long.class);
            HEAD = lookup.findVarHandle(TaskChanges.class, "head", long.class);
            DROPPED = lookup.findVarHandle(TaskChanges.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String[] ring;
    private final int mask;
    /** The next position to write: written by the writer only (release), read by the reader (acquire). */
    private long tail;
    /** The next position to read: written by the reader only (release), read by the writer (acquire). */
    private long head;
    /** Changes dropped because the ring was full: written by the writer only. */
    private long dropped;
    /** The writer's copy of {@link #head}, refreshed only when the ring looks full, so most writes read no
     * position of the other thread. */
    private long headSeen;
    /** The reader's: how many drops it has accounted for; -1 before the first drain (which must look at all). */
    private long droppedSeen = -1;

    TaskChanges(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        ring = new String[capacity];
        mask = capacity - 1;
    }

    /** On the writer's thread: task {@code id} changed. Never blocks; drops the change when the ring is full. */
    void changed(String id) {
        long t = tail;
        if (t - headSeen >= ring.length) {
            headSeen = (long) HEAD.getAcquire(this);
            if (t - headSeen >= ring.length) {
                DROPPED.setRelease(this, dropped + 1);
                return;
            }
        }
        ring[(int) t & mask] = id;
        TAIL.setRelease(this, t + 1);
    }

    /**
     * On the reader's thread: hands every id written since the last drain to {@code sink}, oldest first.
     *
     * @return false when some changes were dropped since the last drain (the ring was full), and on the first
     *         drain: the ids given are not all that changed, and the reader must look at every task once
     */
    public boolean drainTo(Consumer<String> sink) {
        long t = (long) TAIL.getAcquire(this);
        // The drops are read after the end: a change dropped before the last id given here was written is counted
        // by then (the writer counts a drop before it writes the next id), so it is said now, or was by an earlier
        // drain; either way the reader's look at every task comes after the drop, and sees the change.
        long droppedNow = (long) DROPPED.getAcquire(this);
        boolean complete = droppedNow == droppedSeen;
        droppedSeen = droppedNow;
        boolean given = false;
        try {
            for (long h = head; h < t; h++) {
                int slot = (int) h & mask;
                String id = ring[slot];
                ring[slot] = null; // a task gone from history is not kept alive by the ring
                sink.accept(id);
            }
            given = true;
        } finally {
            HEAD.setRelease(this, t);
            if (!given) {
                droppedSeen = -1; // the sink threw: the ids after it are gone, so the next drain says so
            }
        }
        return complete;
    }

    /** Changes dropped because the reader was too slow, since the feed was opened. */
    public long dropped() {
        return (long) DROPPED.getAcquire(this);
    }
}
