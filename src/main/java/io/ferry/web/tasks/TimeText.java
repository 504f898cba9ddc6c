package io.ferry.web.tasks;

import io.ferry.scheduler.TaskView;
import io.ferry.web.Formats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the task pages write them, all against one "now" per page so that its rows agree: "3 s ago" with the
 * exact time beside it (for a title attribute), and how long a task queued, ran and took in all.
 */
public final class TimeText {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Instant now;

    TimeText(Instant now) {
        this.now = now;
    }

    static TimeText now() {
        return new TimeText(Instant.now());
    }

    /** "3 s ago", "4 min ago", "2 h ago", "5 d ago"; "just now" under a second (or for a clock a little ahead). */
    public String ago(Instant time) {
        if (time == null) {
            return "";
        }
        long seconds = Duration.between(time, now).getSeconds();
        if (seconds < 1) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }

    /** The exact time, in UTC, to the millisecond: "2025-05-04 10:15:30.120 UTC". */
    public String exact(Instant time) {
        return time == null ? "" : EXACT.format(time);
    }

    /** For a {@code <time datetime>} attribute, which a script may use to refresh "ago". */
    public String iso(Instant time) {
        return time == null ? "" : time.toString();
    }

    /** From its submission to its (last) launch; until now or its end if it never launched. */
    public String queued(TaskView task) {
        Instant end = task.launched() != null ? task.launched() : task.finished() != null ? task.finished() : now;
        return duration(Duration.between(task.submitted(), end));
    }

    /** From its start to its end, or until now; empty if it never started. */
    public String running(TaskView task) {
        if (task.started() == null) {
            return "";
        }
        return duration(Duration.between(task.started(), task.finished() != null ? task.finished() : now));
    }

    /** From its submission to its end, or until now. */
    public String total(TaskView task) {
        return duration(Duration.between(task.submitted(), task.finished() != null ? task.finished() : now));
    }

    /** A duration as {@link #duration} writes it, for a page: a task's timeout. */
    public String of(Duration d) {
        return d == null ? "" : duration(d);
    }

    /** As {@link Formats#duration(Duration)} writes it. */
    static String duration(Duration d) {
        return Formats.duration(d);
    }
}
