package io.ferry.local.loop;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that owns a component's state: everything that touches it, timers included, runs here in order.
 * A failing step is logged and the loop goes on. After {@link #close()} new work is silently dropped, which is
 * what late callbacks (process exits, HTTP requests in flight) want during shutdown.
 */
public final class EventLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    public EventLoop(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public void execute(Runnable step) {
        try {
            executor.execute(() -> run(step));
        } catch (RejectedExecutionException closed) {
            // closing: drop
        }
    }

    /** Runs {@code step} after {@code delay}; the returned future cancels it. */
    public ScheduledFuture<?> schedule(Runnable step, Duration delay) {
        try {
            return executor.schedule(() -> run(step), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return CancelledTimer.INSTANCE;
        }
    }

    ScheduledFuture<?> scheduleRepeatedly(Runnable step, Duration period) {
        try {
            long nanos = period.toNanos();
            return executor.scheduleAtFixedRate(() -> run(step), nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return CancelledTimer.INSTANCE;
        }
    }

    /** Computes a value on the loop, for the few readers (e.g. {@code /state}) that need a consistent view. */
    public <T> CompletableFuture<T> call(Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(query.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(closed);
        }
        return result;
    }

    /** Whether a step is queued and due now (timers that are not yet due do not count). On the loop only. */
    public boolean hasReadyWork() {
        Runnable head = executor.getQueue().peek();
        return head instanceof Delayed d && d.getDelay(TimeUnit.NANOSECONDS) <= 0;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private static void run(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            log.error("event loop step failed", e);
        }
    }

    /** Stops the loop; waits a little for the step in progress. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
