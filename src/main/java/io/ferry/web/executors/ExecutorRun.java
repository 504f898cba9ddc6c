package io.ferry.web.executors;

import java.time.Instant;

/**
 * One run of Ferry's executor on an agent, as the pages and {@code /api/executors} show it.
 *
 * @param id            the run's id in URLs: its container id (the last segment of the sandbox directory,
 *                      {@code …/runs/<container id>}, docs/mesos-notes.md §6)
 * @param executorId    the executor id (the same on every agent for one configuration)
 * @param agentId       the agent
 * @param agentEndpoint {@code host:port} of the agent
 * @param directory     the sandbox on the agent's host
 * @param pid           the executor's process id
 * @param started       when it said hello
 * @param ended         when the scheduler heard it ended, or null
 * @param running       whether it runs as far as the scheduler knows
 * @param state         "running", or how it ended: "exited with code 3 (a task ran out of memory)", "was killed by
 *                      signal 9 (SIGKILL)"
 * @param exitStatus    the raw wait status once it ended, or null
 * @param tasksLaunched task attempts launched into it
 * @param tasksRunning  tasks running in it now
 */
record ExecutorRun(String id, String executorId, String agentId, String agentEndpoint, String directory, long pid,
                   Instant started, Instant ended, boolean running, String state, Integer exitStatus,
                   int tasksLaunched, int tasksRunning) {

    /** The file's path on the agent: always below the sandbox the executor reported. */
    String path(LogFile file) {
        return (directory.endsWith("/") ? directory : directory + "/") + file.fileName();
    }
}
