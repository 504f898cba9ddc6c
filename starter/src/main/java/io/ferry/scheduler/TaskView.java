package io.ferry.scheduler;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable picture of one task, published by the scheduler's loop after each change; what the API and the
 * dashboard read. Results and failures are kept as short text only, so a finished task stays small in history.
 *
 * @param id         Ferry's task id (also the prefix of each attempt's Mesos task id)
 * @param name       the task's name
 * @param phase      where it is
 * @param mesosState the last Mesos state reported, e.g. {@code TASK_RUNNING}, or null
 * @param agentId    the agent of the current or last attempt, or null
 * @param executorId the executor of the current or last attempt, or null
 * @param attempts   how many times it was launched
 * @param submitted  when it was submitted
 * @param launched   when the current or last attempt was launched, or null
 * @param started    when it started running; for a task whose first update was its last (a quick one goes straight
 *                   to TASK_FINISHED), when that came. Null only for a task no update came for
 * @param finished   when it reached its final phase, or null
 * @param result     the result's {@code toString()}, cut to a few hundred characters, or null
 * @param failure    the failure (class, message and remote stack trace as text), or null
 * @param labels     the task's labels
 */
public record TaskView(String id, String name, TaskPhase phase, String mesosState, String agentId, String executorId,
                       int attempts, Instant submitted, Instant launched, Instant started, Instant finished,
                       String result, String failure, Map<String, String> labels) {
}
