package io.ferry.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write amounts and times, the same on every page. */
public final class Formats {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY_AND_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** 2, 0.5, 1.25: as many decimals as the amount has (Mesos keeps three). */
    public static String amount(double value) {
        long milli = Math.round(value * 1000);
        return BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
    }

    /** "2 cpus, 4096 MiB". */
    public static String resources(double cpus, double memMb) {
        return amount(cpus) + " cpus, " + amount(memMb) + " MiB";
    }

    /** The time of day, in the server's zone, to the millisecond: decisions come many a second. */
    public static String clock(Instant at) {
        return at == null ? "" : CLOCK.format(at);
    }

    /** Day and time, in the server's zone. */
    public static String dayAndClock(Instant at) {
        return at == null ? "" : DAY_AND_CLOCK.format(at);
    }

    /** How long something took, from one instant to the other, as {@link #duration(Duration)} writes it. */
    public static String duration(Instant from, Instant to) {
        return from == null || to == null ? "" : duration(Duration.between(from, to));
    }

    /** "850 ms", "3.2 s", "42 s", "4 min 5 s", "10 min", "2 h 3 min", "3 d 4 h". */
    public static String duration(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO; // clocks of one machine, but an instant taken on another thread may be a hair later
        }
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : millis / 1000 + " s";
        }
        long s = d.getSeconds();
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }
}
