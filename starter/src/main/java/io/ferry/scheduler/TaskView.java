package io.ferry.scheduler;

import io.ferry.task.TaskOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable picture of one task, published by the scheduler's loop after each change; what the API and the
 * dashboard read. Results and failures are kept as short text only, and only the last few status updates, so a
 * finished task stays small in history (well under a KiB, unless it failed with a long stack trace).
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
 * @param result     the result's {@code toString()}, cut to 512 characters, or null
 * @param failure    the failure's stack trace with its causes, under the remote class names (a few thousand
 *                   characters at most); while a retry waits, why the last attempt did not complete; or null
 * @param failureDetail the failure's class, message and causes, or null when it did not fail
 * @param labels     the task's labels
 * @param updates    its last status updates (at most 16), oldest first
 * @param updateCount how many status updates came for it in all; more than {@code updates.size()} when the
 *                   oldest were dropped
 * @param options    what it was submitted with: resources, timeout, retries (its name and labels are above);
 *                   null for an orphan of an earlier run
 * @param places     where each attempt ran (the last 16), oldest first: which run of its executor took it, whose
 *                   sandbox holds its output
 */
public record TaskView(String id, String name, TaskPhase phase, String mesosState, String agentId, String executorId,
                       int attempts, Instant submitted, Instant launched, Instant started, Instant finished,
                       String result, String failure, FailureDetail failureDetail, Map<String, String> labels,
                       List<StatusUpdate> updates, int updateCount, TaskOptions options,
                       List<AttemptPlace> places) {

    /** Where attempt {@code attempt} ran, if it was launched and that is kept. */
    public Optional<AttemptPlace> place(int attempt) {
        for (AttemptPlace place : places) {
            if (place.attempt() == attempt) {
                return Optional.of(place);
            }
        }
        return Optional.empty();
    }
}
