package io.ferry.scheduler;

import java.time.Instant;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One Mesos status update of a task, as the scheduler's loop received it: what an operator reads to see how a task
 * got where it is. Kept small, because the last few of them stay with every finished task in history: the state,
 * source and reason are the Mesos enum names (shared strings, no copy), the message is cut, and the time is the
 * loop's own instant of that update (the one the task's timings use too).
 *
 * @param attempt the attempt it is about (1 for the first launch; 0 for a task of an earlier run of the app)
 * @param state   the Mesos task state, e.g. {@code TASK_RUNNING}
 * @param source  who sent it: {@code SOURCE_EXECUTOR}, {@code SOURCE_AGENT} or {@code SOURCE_MASTER}
 * @param reason  the Mesos reason, e.g. {@code REASON_EXECUTOR_TERMINATED}, or null
 * @param message its message, cut to {@value #MESSAGE_LIMIT} characters, or null when it had none
 * @param time    when the scheduler received it
 */
public record StatusUpdate(int attempt, String state, String source, String reason, String message, Instant time) {

    /** Messages longer than this are cut: a long one (a stack trace in a message) must not bloat history. */
    static final int MESSAGE_LIMIT = 240;

    static StatusUpdate of(TaskStatus status, int attempt, Instant time) {
        String message = status.getMessage();
        return new StatusUpdate(attempt, status.getState().name(), status.getSource().name(),
                status.hasReason() ? status.getReason().name() : null,
                message.isEmpty() ? null : message.length() <= MESSAGE_LIMIT ? message
                        : message.substring(0, MESSAGE_LIMIT) + "…",
                time);
    }
}
