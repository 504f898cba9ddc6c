package io.ferry.bench;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskView;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a run's round trips went, from the scheduler's own record of each task ({@link TaskView}) and the moment
 * the benchmark's callback ran: one {@code ferry-bench-phases} line per run, with {@code bench.phases=true}.
 *
 * <ul>
 *   <li>{@code queued}: submitted to launched, the time in the scheduler's ready line (waiting for an offer with
 *   room, then for the ACCEPT to be written);</li>
 *   <li>{@code away}: launched to the terminal update's arrival in the scheduler: master, agent, executor, the task
 *   itself and the way back;</li>
 *   <li>{@code handed}: that update to the caller's callback: the completion pool's hand-over.</li>
 * </ul>
 *
 * <p>The scheduler keeps only {@code ferry.history.size} finished tasks; the benchmark sets it to the largest
 * run's size when phases are asked for (unless it is given), and a task it no longer has is left out (the line
 * says how many it found).
 */
final class RunPhases {

    private RunPhases() {
    }

    static String line(FerryScheduler scheduler, String kind, int window, String[] ids, Instant[] handed) {
        int n = ids.length;
        long[] queued = new long[n];
        long[] away = new long[n];
        long[] handOver = new long[n];
        int found = 0;
        for (int i = 0; i < n; i++) {
            TaskView v = scheduler.task(ids[i]).orElse(null);
            if (v == null || v.launched() == null || v.started() == null || v.finished() == null
                    || handed[i] == null) {
                continue;
            }
            queued[found] = micros(v.submitted(), v.launched());
            away[found] = micros(v.launched(), v.started());
            handOver[found] = micros(v.finished(), handed[i]);
            found++;
        }
        return String.format(Locale.ROOT, "ferry-bench-phases kind=%s tasks=%d window=%d found=%d"
                        + " queued_ms=%s away_ms=%s handed_ms=%s (p50/p90/p99)", kind, n, window, found,
                percentiles(queued, found), percentiles(away, found), percentiles(handOver, found));
    }

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1000;
    }

    private static String percentiles(long[] micros, int count) {
        if (count == 0) {
            return "none";
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}
