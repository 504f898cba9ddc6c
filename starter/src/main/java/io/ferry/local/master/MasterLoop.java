package io.ferry.local.master;

import io.ferry.local.loop.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The master's event loop and when it allocates. Every step of the master runs here, in order; after a step that
 * made resources available (or changed who may have them), they are offered at once: there is no periodic
 * allocation tick (docs/mesos-notes.md §5).
 */
final class MasterLoop implements AutoCloseable {

    private static final int MAX_DEFERRED_STEPS = 64;

    private final EventLoop loop;
    /** Offers what is available; runs on the loop. */
    private final Runnable allocation;
    private boolean allocationNeeded;
    private int deferredSteps;
    /**
     * The master's steps posted and not run yet. "More work is queued" counts the master's own only: the loop's
     * thread is shared with the agents and the cluster's HTTP server, whose work must not hold an allocation back.
     */
    private final AtomicInteger queued = new AtomicInteger();

    /** @param loop the master's loop, usually on a thread it shares with the agents ({@link EventLoop#on}) */
    MasterLoop(EventLoop loop, Runnable allocation) {
        this.loop = loop;
        this.allocation = allocation;
    }

    /**
     * Runs {@code step} on the loop, then offers whatever became available, without waiting for a tick. When more
     * work is already queued (a burst of status updates), the allocation waits for the end of the burst, at most
     * {@link #MAX_DEFERRED_STEPS} steps: fewer, larger offers for the same latency. Scheduler calls allocate
     * first, so a call always sees the offers of everything that happened before it.
     */
    void post(Runnable step) {
        queued.incrementAndGet();
        loop.execute(() -> {
            queued.decrementAndGet();
            step.run();
            if (allocationNeeded && (queued.get() == 0 || ++deferredSteps >= MAX_DEFERRED_STEPS)) {
                allocate();
            }
        });
    }

    /** As {@link #post}, for a scheduler call: pending offers go out before the call is handled. */
    void postCall(Runnable step) {
        post(() -> {
            if (allocationNeeded) {
                allocate();
            }
            step.run();
        });
    }

    /** The step in progress freed resources or changed who may have them: allocate after it. On the loop only. */
    void allocationNeeded() {
        allocationNeeded = true;
    }

    /** Runs {@code step} on the loop after {@code delay}, as it is: post from it to allocate after it. */
    ScheduledFuture<?> schedule(Runnable step, Duration delay) {
        return loop.schedule(step, delay);
    }

    /** Computes a value on the loop without allocating after it (the master's stop and start, its close). */
    <T> CompletableFuture<T> call(Supplier<T> query) {
        return loop.call(query);
    }

    private void allocate() {
        allocationNeeded = false;
        deferredSteps = 0;
        allocation.run();
    }

    @Override
    public void close() {
        loop.close();
    }
}
