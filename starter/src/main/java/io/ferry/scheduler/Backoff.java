package io.ferry.scheduler;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, base * 2^n)], so that many
 * clients that lost the same master do not come back in step.
 */
public record Backoff(Duration base, Duration max) {

    public long delayMillis(int attempt) {
        long cap = max.toMillis();
        long ceiling = Math.min(cap, base.toMillis() << Math.min(attempt, 20));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
}
