package io.ferry.samples;

import io.ferry.task.Task;
import java.io.Serial;
import java.util.SplittableRandom;

/** Monte-Carlo estimate of π from {@code samples} random points in the unit square. Stops early when cancelled. */
record PiTask(long samples, long seed) implements Task<Double> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Double run() throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        long inside = 0;
        for (long i = 0; i < samples; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                inside++;
            }
            if ((i & 0xFFFFF) == 0 && Thread.interrupted()) {
                throw new InterruptedException("cancelled after " + i + " samples");
            }
        }
        return 4.0 * inside / samples;
    }
}
