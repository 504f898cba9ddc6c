package io.ferry.scheduler;

import java.time.Instant;

/**
 * Where one of Ferry's executors runs, as it told the scheduler on start (an {@code ExecutorHello} message):
 * what the dashboard needs to read its stdout and stderr through the agent's {@code /files/read}.
 *
 * @param executorId    the executor id
 * @param agentId       the agent's id
 * @param agentEndpoint {@code host:port} of the agent
 * @param directory     the sandbox on the agent's host
 * @param pid           the executor's process id
 * @param since         when the scheduler heard of it
 * @param exitStatus    the raw wait status once it exited (a FAILURE event; -1 if it carried none), else null
 * @param exit          how it ended, in words ("was killed by signal 9 (SIGKILL)"), once it exited; else null
 */
public record ExecutorPlace(String executorId, String agentId, String agentEndpoint, String directory, long pid,
                            Instant since, Integer exitStatus, String exit) {

    ExecutorPlace exited(Integer status) {
        WaitStatus wait = new WaitStatus(status == null ? -1 : status);
        return new ExecutorPlace(executorId, agentId, agentEndpoint, directory, pid, since, wait.raw(),
                wait.describe());
    }

    public boolean running() {
        return exitStatus == null;
    }
}
