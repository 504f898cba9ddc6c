package io.ferry.scheduler;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue's room ({@code ferry.queue.capacity}) and the count of queued tasks (submitted or retried, not
 * launched yet). A submission takes room on its caller's thread; the loop gives it back when the task leaves the
 * queue. A retry is queued again without taking room: a task that was admitted once is never refused later, and
 * the loop thread never waits for room. Thread-safe through a semaphore and an atomic counter, no lock of its own.
 */
final class QueueRoom {

    private final int capacity;
    private final Semaphore room;
    /** Read by the {@code ferry.tasks.queued} gauge and counted into the published state. */
    private final AtomicInteger queued = new AtomicInteger();

    QueueRoom(int capacity) {
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
    }

    /**
     * Takes room for one new task, waiting up to {@code waitForRoom} for it (null: not at all); the task counts as
     * queued from now on. Called on the submitter's thread.
     *
     * @throws RejectedExecutionException if there is no room in time
     */
    void take(Duration waitForRoom) {
        boolean admitted;
        try {
            admitted = waitForRoom == null ? room.tryAcquire()
                    : room.tryAcquire(waitForRoom.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for room in the queue");
        }
        if (!admitted) {
            throw new RejectedExecutionException("the task queue is full: " + capacity
                    + " submitted tasks are queued already (ferry.queue.capacity)"
                    + (waitForRoom == null ? "" : "; waited " + waitForRoom + " for room"));
        }
        queued.incrementAndGet();
    }

    /** A launched task is queued again (a retry, or an ACCEPT the master never took); it takes no room. */
    void requeued() {
        queued.incrementAndGet();
    }

    /** {@code r} is no longer queued (launched or ended); its room, if it holds one, goes to the next submission. */
    void left(TaskRecord r) {
        queued.decrementAndGet();
        if (r.holdsRoom) {
            r.holdsRoom = false;
            room.release();
        }
    }

    int queued() {
        return queued.get();
    }
}
