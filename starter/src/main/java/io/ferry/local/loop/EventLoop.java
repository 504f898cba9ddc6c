package io.ferry.local.loop;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that owns a component's state: everything that touches it, timers included, runs here in order.
 * A failing step is logged and the loop goes on. After {@link #close()} new work is silently dropped, which is
 * what late callbacks (process exits, HTTP requests in flight) want during shutdown.
 *
 * <p>A loop has a thread of its own ({@link #EventLoop(String)}) or runs on a thread it shares ({@link #on}): the
 * local cluster's master and agents all run on the thread of its HTTP server's event loop, as libprocess runs a
 * {@code mesos-local} master's and agents' actors on a few threads. A call that arrives there is then handled, and
 * the events it causes written, without waking another thread; measured with the benchmark, a thread per component
 * cost a context switch on every launch, update and acknowledgement. Each loop on a shared thread keeps its own
 * order and its own end: once closed, its steps and timers are dropped and the others go on.
 */
public final class EventLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledExecutorService executor;
    /** Whether the executor is this loop's own, to shut down with it. */
    private final boolean ownsThread;
    private final BooleanSupplier inThread;
    private volatile boolean closed;

    /** A loop on a thread of its own, named {@code name}. */
    public EventLoop(String name) {
        Thread[] thread = new Thread[1];
        ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread[0] = t;
            return t;
        });
        own.setRemoveOnCancelPolicy(true);
        own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = own;
        this.ownsThread = true;
        this.inThread = () -> Thread.currentThread() == thread[0];
    }

    private EventLoop(ScheduledExecutorService thread, BooleanSupplier inThread) {
        this.executor = thread;
        this.ownsThread = false;
        this.inThread = inThread;
    }

    /**
     * A loop on a thread shared with other loops and other work: {@code thread} runs tasks on one thread, in the
     * order given (a Netty event loop does), and {@code inThread} tells whether the caller is that thread. Closing
     * the loop leaves the thread running; stopping the thread ends the loop.
     */
    public static EventLoop on(ScheduledExecutorService thread, BooleanSupplier inThread) {
        return new EventLoop(thread, inThread);
    }

    public void execute(Runnable step) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> run(step));
        } catch (RejectedExecutionException stopping) {
            // closing: drop
        }
    }

    /** Runs {@code step} after {@code delay}; the returned future cancels it. */
    public ScheduledFuture<?> schedule(Runnable step, Duration delay) {
        if (closed) {
            return CancelledTimer.INSTANCE;
        }
        try {
            return executor.schedule(() -> run(step), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return CancelledTimer.INSTANCE;
        }
    }

    ScheduledFuture<?> scheduleRepeatedly(Runnable step, Duration period) {
        if (closed) {
            return CancelledTimer.INSTANCE;
        }
        try {
            long nanos = period.toNanos();
            return executor.scheduleAtFixedRate(() -> run(step), nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return CancelledTimer.INSTANCE;
        }
    }

    /**
     * Computes a value on the loop, for the few readers (e.g. {@code /state}) that need a consistent view. Fails
     * once the loop is closed.
     */
    public <T> CompletableFuture<T> call(Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (closed) {
                    result.completeExceptionally(new RejectedExecutionException("the loop is closed"));
                    return;
                }
                try {
                    result.complete(query.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            result.completeExceptionally(stopping);
        }
        return result;
    }

    /** Whether the caller runs on this loop's thread. */
    boolean inLoop() {
        return inThread.getAsBoolean();
    }

    private void run(Runnable step) {
        if (closed) {
            return;
        }
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            log.error("event loop step failed", e);
        }
    }

    /** Stops the loop; waits a little (two seconds at most) for the step in progress, unless called from it. */
    @Override
    public void close() {
        closed = true;
        if (ownsThread) {
            executor.shutdownNow();
        }
        if (inLoop()) {
            return;
        }
        try {
            if (ownsThread) {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } else {
                // The thread goes on for the others: the step in progress has ended once one queued after it runs.
                CompletableFuture<Void> passed = new CompletableFuture<>();
                executor.execute(() -> passed.complete(null));
                passed.get(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // the thread stopped meanwhile, or the step in progress is slow: nothing more to wait for
        }
    }
}
