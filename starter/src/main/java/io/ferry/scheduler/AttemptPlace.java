package io.ferry.scheduler;

/**
 * Where one attempt of a task ran: its agent and executor, and the run of that executor (its sandbox) that took it.
 * An executor's every run has a sandbox of its own, which stays on the agent after the run ended
 * (docs/mesos-notes.md §6, §12): an attempt's output is in the sandbox of the run that ran it, not in the newest
 * run's.
 *
 * <p>The run is the one the scheduler knew running on the agent when it launched the attempt; with none, the next
 * run that says hello there, which the launch starts. Until that hello (or when it never came) the sandbox is not
 * known: {@link #directory()} and {@link #agentEndpoint()} are null.
 *
 * @param attempt       the attempt, from 1
 * @param agentId       the agent it was launched on
 * @param executorId    the executor it was launched into
 * @param agentEndpoint {@code host:port} of the agent, or null while the run is not known
 * @param directory     the run's sandbox on the agent's host, or null while the run is not known
 */
public record AttemptPlace(int attempt, String agentId, String executorId, String agentEndpoint, String directory) {

    /** The attempt went into {@code run}, or into the run that will say hello next when {@code run} is null. */
    static AttemptPlace launched(int attempt, String agentId, String executorId, ExecutorPlace run) {
        return run == null ? new AttemptPlace(attempt, agentId, executorId, null, null)
                : new AttemptPlace(attempt, agentId, executorId, run.agentEndpoint(), run.directory());
    }

    /** This attempt, in the run that said hello. */
    AttemptPlace in(ExecutorPlace run) {
        return new AttemptPlace(attempt, agentId, executorId, run.agentEndpoint(), run.directory());
    }

    /** Whether the run that took it is known. */
    public boolean runKnown() {
        return directory != null;
    }
}
