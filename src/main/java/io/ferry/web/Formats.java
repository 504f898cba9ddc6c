package io.ferry.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

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

    /** "3s", "2m5s", "1h2m": how long ago, or how long something took. */
    public static String duration(Instant from, Instant to) {
        if (from == null || to == null) {
            return "";
        }
        long seconds = Math.max(0, Duration.between(from, to).toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        }
        return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
    }
}
