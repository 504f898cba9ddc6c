package io.ferry.scheduler;

import java.time.Instant;
import java.util.List;

/**
 * An agent where Ferry's executor fails to start, time after time (see {@code CrashLoops}): what {@code /api/cluster}
 * and the dashboard show.
 *
 * @param agentId       the agent
 * @param agentEndpoint {@code host:port} of the agent, or null
 * @param executorId    the executor id
 * @param failedStarts  starts in a row that died before the executor said hello
 * @param lastExit      how the last one ended, e.g. "exited with code 1 (lost the agent, or the JVM could not start)"
 * @param stderrPath    the last one's stderr on the agent, or null
 * @param stderrTail    the last lines of that stderr
 * @param since         when the first of these failed starts was heard of
 * @param backingOff    whether Ferry launches nothing there now (its offers are declined)
 * @param retryAt       when Ferry tries that agent again, if backing off; else null
 */
public record FailingExecutor(String agentId, String agentEndpoint, String executorId, int failedStarts,
                              String lastExit, String stderrPath, List<String> stderrTail, Instant since,
                              boolean backingOff, Instant retryAt) {
}
