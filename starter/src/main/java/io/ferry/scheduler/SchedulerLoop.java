package io.ferry.scheduler;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
    private volatile Executor thread;
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

    /** Starts running what was posted, on {@code thread}, which runs tasks one at a time in the order given. */
    void start(Executor thread) {
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
        Executor t = thread;
        if (t != null && scheduled.compareAndSet(false, true)) {
            try {
                t.execute(this::runBatch);
            } catch (RejectedExecutionException stopped) {
                // Only at JVM exit (the thread lives as long as the JVM): nothing is left to run it.
                scheduled.set(false);
            }
        }
    }

    private void runBatch() {
        Runnable work;
        for (int n = 0; n < BATCH && (work = inbox.poll()) != null; n++) {
            step(work);
        }
        step(afterBatch);
        scheduled.set(false);
        if (!inbox.isEmpty()) {
            runSoon(); // queued behind the thread's other work: the HTTP client's reads and writes go between
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
