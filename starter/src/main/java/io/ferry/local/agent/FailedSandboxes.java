package io.ferry.local.agent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The sandboxes of an agent's most recent failed executor runs, newest last, at most {@link #REMEMBERED}: what an
 * embedding application may keep past its stop to show why they failed. Written on the agent's loop, read from
 * any thread (also after the agent closed).
 */
final class FailedSandboxes {

    /** How many an agent remembers; older ones are forgotten, so keeping them is bounded. */
    static final int REMEMBERED = 10;

    private final ArrayDeque<FailedSandbox> recent = new ArrayDeque<>();

    /** The run ended with {@code waitStatus} (null: no process status, see {@link ExecutorLifecycle#terminated}). */
    synchronized void ended(ExecutorRun run, Integer waitStatus) {
        boolean failed = waitStatus == null ? run.terminationReason != null : waitStatus != 0;
        if (!failed) {
            return;
        }
        recent.addLast(new FailedSandbox(run.sandbox.directory(), Instant.now()));
        while (recent.size() > REMEMBERED) {
            recent.removeFirst();
        }
    }

    synchronized List<FailedSandbox> list() {
        return List.copyOf(recent);
    }
}
