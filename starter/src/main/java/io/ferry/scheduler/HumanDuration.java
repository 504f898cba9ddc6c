package io.ferry.scheduler;

import java.time.Duration;

/**
 * Durations in messages as people write them, and as Spring Boot reads them back in properties: {@code 250ms},
 * {@code 3s}, {@code 1.5s}, {@code 10m}, {@code 1h30m}, {@code 7d}, rather than {@link Duration#toString()}'s
 * {@code PT3S}.
 */
final class HumanDuration {

    private HumanDuration() {
    }

    static String of(Duration d) {
        if (d.isNegative()) {
            return "-" + of(d.negated());
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = d.toNanos();
            return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms"
                    : nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
        }
        StringBuilder s = new StringBuilder();
        append(s, d.toDaysPart(), "d");
        append(s, d.toHoursPart(), "h");
        append(s, d.toMinutesPart(), "m");
        long millis = d.toMillisPart();
        if (millis == 0) {
            append(s, d.toSecondsPart(), "s");
        } else {
            // Under a second's precision only where it shows: 1.5s, 2m0.25s.
            String fraction = String.format("%03d", millis).replaceAll("0+$", "");
            s.append(d.toSecondsPart()).append('.').append(fraction).append('s');
        }
        return s.toString();
    }

    static String ofMillis(long millis) {
        return of(Duration.ofMillis(millis));
    }

    private static void append(StringBuilder s, long value, String unit) {
        if (value != 0) {
            s.append(value).append(unit);
        }
    }
}
