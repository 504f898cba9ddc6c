package io.ferry.executor;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When TASK_RUNNING is sent for a task that runs longer than the running delay (most tasks end before and are
 * reported once, when they end): one sweep every quarter of the delay while tasks are active, not a timer per task.
 * A timer per task woke the timer thread for every task (the new timer was always first in the queue at low load):
 * 8 % of an executor's CPU with one task in flight, measured with async-profiler. A task is reported between one
 * and one and a quarter delays after it started.
 */
final class RunningSweep {

    /** A task that knows when it started and whether it was reported. */
    interface Started {
        /** Reports TASK_RUNNING if the task has run for the delay by {@code now} and was not reported or ended. */
        void reportRunningIfDue(long now);
    }

    private final ScheduledExecutorService timers;
    private final long periodNanos;
    private final Collection<? extends Started> tasks;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** @param tasks the active tasks, a live view safe to iterate while it changes */
    RunningSweep(ScheduledExecutorService timers, Duration delay, Collection<? extends Started> tasks) {
        this.timers = timers;
        this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), delay.toNanos() / 4);
        this.tasks = tasks;
    }

    /** A task started: makes sure a sweep is scheduled. */
    void soon() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                timers.schedule(this::sweep, periodNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                scheduled.set(false);
            }
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Started task : tasks) {
            task.reportRunningIfDue(now);
        }
        scheduled.set(false);
        // A task that started during the sweep found one scheduled: sweep again while any task is active.
        if (!tasks.isEmpty()) {
            soon();
        }
    }
}
