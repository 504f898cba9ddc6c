package io.ferry.wire;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Durations in Mesos' (stout's) text form, {@code <number><unit>}: {@code 250ms}, {@code 5secs}, {@code 15mins},
 * {@code 1.5hrs}. The agent passes {@code MESOS_RECOVERY_TIMEOUT}, {@code MESOS_SUBSCRIPTION_BACKOFF_MAX} and
 * {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD} this way ({@code docs/mesos-notes.md} §3.4); Ferry's own duration
 * variables use the same form so that one parser serves all.
 *
 * @since 0.1
 */
public final class StoutDuration {

    /** Units in stout's order, each with its length in nanoseconds. */
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "ms", 1_000_000L,
            "secs", 1_000_000_000L,
            "mins", 60_000_000_000L,
            "hrs", 3_600_000_000_000L,
            "days", 86_400_000_000_000L,
            "weeks", 604_800_000_000_000L);

    /** Largest unit first, for {@link #format}. */
    private static final String[] FORMAT_ORDER = {"weeks", "days", "hrs", "mins", "secs", "ms", "us", "ns"};

    private StoutDuration() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the expected form, if it is not a non-negative stout
     *                                  duration
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        int unitStart = 0;
        while (unitStart < s.length() && (Character.isDigit(s.charAt(unitStart)) || s.charAt(unitStart) == '.')) {
            unitStart++;
        }
        String number = s.substring(0, unitStart);
        Long unitNanos = UNITS.get(s.substring(unitStart));
        if (number.isEmpty() || unitNanos == null) {
            throw new IllegalArgumentException("bad duration '" + text + "': expected <number><unit> with unit one of"
                    + " ns, us, ms, secs, mins, hrs, days, weeks (e.g. 250ms, 5secs, 15mins)");
        }
        BigDecimal nanos;
        try {
            nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + text + "': '" + number + "' is not a number", e);
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("bad duration '" + text + "': too long");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Formats {@code duration} with the largest unit that represents it exactly, e.g. {@code 15mins}, {@code 250ms}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        long nanos = duration.toNanos();
        for (String unit : FORMAT_ORDER) {
            long size = UNITS.get(unit);
            if (nanos % size == 0) {
                return nanos / size + unit;
            }
        }
        throw new AssertionError("ns divides everything");
    }
}
