package io.ferry.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all scheduler state. Master events, submissions, cancellations and timer firings are
 * posted to its inbox and run in order, so nothing the loop owns needs a lock; after each batch it runs the
 * scheduler's after-batch step (launch what fits, publish the state).
 *
 * <p>A step that throws is logged and counted ({@link SchedulerMetrics#LOOP_ERRORS}), and the loop goes on.
 */
final class SchedulerLoop {

    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);
    /** Work taken from the inbox in one go: the state is published after each batch, so not too much. */
    private static final int BATCH = 1024;

    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Runnable afterBatch;
    private final SchedulerMetrics metrics;
    private volatile boolean running;
    private Thread thread;

    SchedulerLoop(Runnable afterBatch, SchedulerMetrics metrics) {
        this.afterBatch = afterBatch;
        this.metrics = metrics;
    }

    /** Thread-safe: {@code work} runs on the loop, after everything posted before it. */
    void post(Runnable work) {
        inbox.add(work);
    }

    void start(ThreadFactory threads) {
        running = true;
        thread = threads.newThread(this::run);
        thread.start();
    }

    /**
     * Stops the loop: {@link #running()} turns false at once (so nothing reconnects or reschedules), then
     * {@code last} and whatever was posted before it still run, and the thread ends.
     */
    void stop(Runnable last) {
        running = false;
        inbox.add(last);
        if (thread != null) {
            thread.interrupt();
        }
    }

    boolean running() {
        return running;
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>();
        while (running || !inbox.isEmpty()) {
            try {
                batch.add(inbox.take());
            } catch (InterruptedException e) {
                // The interrupt of stop() may come before the work posted with it: that work still runs.
                if (!running && inbox.isEmpty()) {
                    return;
                }
                continue;
            }
            inbox.drainTo(batch, BATCH);
            for (Runnable work : batch) {
                step(work);
            }
            batch.clear();
            step(afterBatch);
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
