package io.ferry.scheduler;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that owns all scheduler state. Master events, submissions, cancellations and timer firings are posted
 * to its inbox and run in order, one at a time, so nothing the loop owns needs a lock; after each batch it runs the
 * scheduler's after-batch step (launch what fits, publish the state).
 *
 * <p>It runs on a thread it is given, by default the HTTP client's event loop ({@code HttpClientThread}): the
 * master's events are decoded there, and the loop's calls are written from there, so neither wakes another thread.
 * A thread of its own cost two wake-ups per task (an event in, a call out), measured with the benchmark. That thread
 * must never block, and the loop never does: calls are sent asynchronously, their answers come back as posted work.
 *
 * <p>A step that throws is logged and counted ({@link SchedulerMetrics#LOOP_ERRORS}), and the loop goes on.
 */
final class SchedulerLoop {

    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);
    /** Work taken from the inbox in one go: the state is published after each batch, so not too much. */
    private static final int BATCH = 1024;

    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Whether a batch is queued on the thread or running: at most one at a time. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable afterBatch;
    private final SchedulerMetrics metrics;
    private volatile ScheduledExecutorService thread;
    private volatile boolean running;
    /** Set by the last step: what is posted later is dropped, as by a loop whose thread ended. */
    private volatile boolean ended;

    SchedulerLoop(Runnable afterBatch, SchedulerMetrics metrics) {
        this.afterBatch = afterBatch;
        this.metrics = metrics;
    }

    /** Thread-safe: {@code work} runs on the loop, after everything posted before it. */
    void post(Runnable work) {
        if (ended) {
            return;
        }
        inbox.add(work);
        runSoon();
    }

    /**
     * Starts running what was posted, on {@code thread}, which runs tasks one at a time in the order given, and
     * what is scheduled after what is executed (a Netty event loop does: between the two it reads and writes).
     */
    void start(ScheduledExecutorService thread) {
        running = true;
        this.thread = thread;
        runSoon();
    }

    /**
     * Stops the loop: {@link #running()} turns false at once (so nothing reconnects or reschedules), then
     * {@code last} and whatever was posted before it still run; what is posted after is dropped.
     */
    void stop(Runnable last) {
        running = false;
        post(() -> {
            ended = true;
            last.run();
        });
    }

    boolean running() {
        return running;
    }

    private void runSoon() {
        runSoon(false);
    }

    /** @param afterIo whether the batch waits until the thread has looked at its sockets */
    private void runSoon(boolean afterIo) {
        ScheduledExecutorService t = thread;
        if (t != null && scheduled.compareAndSet(false, true)) {
            try {
                if (afterIo) {
                    t.schedule(this::runBatch, 0, TimeUnit.NANOSECONDS);
                } else {
                    t.execute(this::runBatch);
                }
            } catch (RejectedExecutionException stopped) {
                // Only at JVM exit (the thread lives as long as the JVM): nothing is left to run it.
                scheduled.set(false);
            }
        }
    }

    private void runBatch() {
        Runnable work;
        int n = 0;
        while (n < BATCH && (work = inbox.poll()) != null) {
            step(work);
            n++;
        }
        step(afterBatch);
        scheduled.set(false);
        if (!inbox.isEmpty()) {
            // After a full batch (a burst: a flood of submissions), the HTTP client reads and writes before the
            // next one; executed at once, full batches would run back to back for up to Netty's task quantum (a
            // second) before it did. Work posted during a smaller batch runs at once.
            runSoon(n == BATCH);
        }
    }

    private void step(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            // Even an OutOfMemoryError must not end the loop silently: every future depends on it. Counted, so
            // that a step failing under load shows on a dashboard and in tests, not only in the log.
            metrics.loopFailed();
            log.error("Scheduler step failed; the loop goes on", e);
        }
    }
}
