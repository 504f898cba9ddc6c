package io.ferry.samples;

import io.ferry.task.Task;
import java.io.Serial;
import java.util.Locale;

/**
 * Sleeps, saying how far it got on stdout every {@link #TICK_MILLIS}, then says for how long: a task to watch
 * running (its output grows while it runs, for following a log), and to cancel.
 */
record SleepTask(double seconds) implements Task<String> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Often enough that a followed log visibly moves, seldom enough that an hour's sleep writes well under 1 MiB. */
    static final long TICK_MILLIS = 200;

    @Override
    public String run() throws InterruptedException {
        long total = (long) (seconds * 1000);
        long start = System.nanoTime();
        long slept = 0;
        while (slept < total) {
            Thread.sleep(Math.min(TICK_MILLIS, total - slept));
            // From the clock, not a sum of the ticks: a tick may oversleep, and the line says what really passed
            // (in whole tenths, rounded down: 14.96 s is not yet 15.0).
            slept = (System.nanoTime() - start) / 1_000_000;
            System.out.println(String.format(Locale.ROOT, "sleeping: %.1f of %s s", Math.min(slept, total) / 100 / 10.0,
                    seconds));
        }
        return "slept " + seconds + " s";
    }
}
