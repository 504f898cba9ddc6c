package io.ferry.scheduler;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The timeout of each launched attempt ({@code TaskOptions.timeout}). The timer thread only posts to the loop;
 * there a timeout acts only if the attempt it was set for is still the live one.
 */
final class TaskTimeouts {

    /** What happens to a task whose attempt ran out of time; called on the loop thread. */
    interface Expiry {
        void timedOut(TaskRecord r);
    }

    private final ScheduledExecutorService timer;
    private final SchedulerLoop loop;
    private final Expiry expiry;

    TaskTimeouts(ScheduledExecutorService timer, SchedulerLoop loop, Expiry expiry) {
        this.timer = timer;
        this.loop = loop;
        this.expiry = expiry;
    }

    /** Starts the timeout of attempt {@code mesosId}, replacing the task's earlier one. */
    void start(TaskRecord r, String mesosId) {
        cancel(r);
        r.timeout = timer.schedule(() -> loop.post(() -> {
            if (mesosId.equals(r.mesosTaskId) && !r.phase.isTerminal()) {
                expiry.timedOut(r);
            }
        }), r.options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The attempt or the task ended: its timer goes (and, removed on cancel, holds nothing until it was due). */
    static void cancel(TaskRecord r) {
        if (r.timeout != null) {
            r.timeout.cancel(false);
            r.timeout = null;
        }
    }
}
