package io.ferry.scheduler;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a Ferry task is in its life. The legal moves are written down here, in one place; the registry refuses
 * any other (a repeated or late status update must never move a task backwards or finish it twice).
 */
public enum TaskPhase {
    /**
     * Submitted, not launched yet: ready for an offer, or backing off before a retry (after its executor or agent
     * died).
     */
    QUEUED,
    /** Sent to the master in an ACCEPT; no status update yet. */
    LAUNCHED,
    /** The executor reported it starting or running. */
    RUNNING,
    /** Finished with a result. */
    SUCCEEDED,
    /** Threw, could not run, ran out of retries or of time. */
    FAILED,
    /** Cancelled by its caller or an operator. */
    CANCELLED;

    private Set<TaskPhase> next;

    static {
        QUEUED.next = EnumSet.of(LAUNCHED, FAILED, CANCELLED);
        LAUNCHED.next = EnumSet.of(RUNNING, QUEUED, SUCCEEDED, FAILED, CANCELLED);
        RUNNING.next = EnumSet.of(QUEUED, SUCCEEDED, FAILED, CANCELLED);
        SUCCEEDED.next = EnumSet.noneOf(TaskPhase.class);
        FAILED.next = EnumSet.noneOf(TaskPhase.class);
        CANCELLED.next = EnumSet.noneOf(TaskPhase.class);
    }

    public boolean isTerminal() {
        return next.isEmpty();
    }

    boolean canMoveTo(TaskPhase target) {
        return next.contains(target);
    }
}
