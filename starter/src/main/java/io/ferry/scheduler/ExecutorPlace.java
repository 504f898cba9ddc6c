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
 * @param exitStatus    the raw wait status once it exited (a FAILURE event), else null
 */
public record ExecutorPlace(String executorId, String agentId, String agentEndpoint, String directory, long pid,
                            Instant since, Integer exitStatus) {

    ExecutorPlace exited(Integer status) {
        return new ExecutorPlace(executorId, agentId, agentEndpoint, directory, pid, since, status == null ? -1 : status);
    }

    public boolean running() {
        return exitStatus == null;
    }
}
