package io.ferry.scheduler;

import java.time.Instant;
import java.util.List;

/**
 * The end of one run of Ferry's executor on an agent, pieced together from the master's FAILURE event (the wait
 * status), the executor's hello (whether it ever started, and where its sandbox is) and the end of its stderr,
 * read through the agent: what the failures of its tasks and the log say.
 *
 * @param agentId       the agent
 * @param executorId    the executor id
 * @param status        the wait status (unknown when no FAILURE came, or it carried none)
 * @param saidHello     whether this run said hello (subscribed to its agent): false means it never started
 * @param stderrPath    its stderr on the agent: the sandbox path it gave, else the agent's virtual
 *                      {@code /frameworks/…/runs/latest/stderr} (docs/mesos-notes.md §7), or null
 * @param agentEndpoint {@code host:port} of the agent, or null if not known
 * @param stderrTail    the last lines of its stderr
 * @param tailProblem   why they could not be read, or null
 * @param at            when the scheduler first heard of it
 */
record ExecutorDeath(String agentId, String executorId, WaitStatus status, boolean saidHello, String stderrPath,
                     String agentEndpoint, List<String> stderrTail, String tailProblem, Instant at) {

    /** It never said hello, and not because it was asked to stop: it could not start (or subscribe). */
    boolean failedToStart() {
        return !saidHello && !status.clean();
    }

    /** One line: "executor ferry-… on agent … was killed by signal 9 (SIGKILL)". */
    String summary() {
        return "executor " + executorId + " on agent " + agentId + " " + status.describe()
                + (saidHello ? "" : " before it said hello");
    }

    /** The summary, where its stderr is, and its last lines, one per line. */
    String details() {
        StringBuilder s = new StringBuilder(summary());
        if (stderrPath == null || agentEndpoint == null) {
            return s.append("; its stderr cannot be found: ").append(tailProblem).toString();
        }
        s.append("; stderr ").append(stderrPath).append(" on ").append(agentEndpoint);
        if (tailProblem != null) {
            return s.append(" (could not be read: ").append(tailProblem).append(')').toString();
        }
        if (stderrTail.isEmpty()) {
            return s.append(" (empty)").toString();
        }
        s.append(", last lines:");
        for (String line : stderrTail) {
            s.append("\n  | ").append(line);
        }
        return s.toString();
    }
}
