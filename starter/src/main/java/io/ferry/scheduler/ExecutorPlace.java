package io.ferry.scheduler;

import java.time.Instant;

/**
 * One run of Ferry's executor, where it runs as it told the scheduler on start (an {@code ExecutorHello} message):
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
 * @param tasksLaunched task attempts launched into this run (those that started it included)
 * @param ended         when the scheduler heard it ended (or that a newer run replaced it), else null
 */
public record ExecutorPlace(String executorId, String agentId, String agentEndpoint, String directory, long pid,
                            Instant since, Integer exitStatus, String exit, int tasksLaunched, Instant ended) {

    /** A run as its hello tells it, with nothing counted yet. */
    public ExecutorPlace(String executorId, String agentId, String agentEndpoint, String directory, long pid,
                         Instant since, Integer exitStatus, String exit) {
        this(executorId, agentId, agentEndpoint, directory, pid, since, exitStatus, exit, 0, null);
    }

    ExecutorPlace exited(Integer status, Instant at) {
        WaitStatus wait = new WaitStatus(status == null ? -1 : status);
        return new ExecutorPlace(executorId, agentId, agentEndpoint, directory, pid, since, wait.raw(),
                wait.describe(), tasksLaunched, at);
    }

    ExecutorPlace launched(int tasks) {
        return new ExecutorPlace(executorId, agentId, agentEndpoint, directory, pid, since, exitStatus, exit,
                tasksLaunched + tasks, ended);
    }

    /** A newer run on the agent said hello while this one was not known to have ended: its end went unreported. */
    ExecutorPlace replaced(Instant at) {
        return running() ? new ExecutorPlace(executorId, agentId, agentEndpoint, directory, pid, since, null,
                null, tasksLaunched, at) : this;
    }

    public boolean running() {
        return exitStatus == null && ended == null;
    }
}
