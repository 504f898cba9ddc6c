package io.ferry.scheduler;

import io.ferry.wire.TaskOutputLayout;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the executor keeps what one attempt of a task wrote to {@code System.out} and {@code System.err}: files in
 * the executor's sandbox, {@code tasks/<Mesos task id>/stdout} and {@code stderr}, which the agent serves through
 * {@code /files/read} like any sandbox file (docs/mesos-notes.md §7). What the dashboard needs to show a task's
 * output.
 *
 * <p>A file exists only once the attempt wrote to it, and the executor keeps the files of its most recent tasks
 * only (1,000 tasks, 64 MiB; at most 1 MiB per stream and task), so a read may well answer 404. The sandbox is the
 * one of the executor the scheduler knows on the attempt's agent now: after that executor restarted, an earlier
 * attempt's files are in the earlier run's sandbox, which this does not know.
 *
 * @param agentEndpoint {@code host:port} of the agent
 * @param sandbox       the executor's sandbox on the agent's host ({@link ExecutorPlace#directory()})
 * @param mesosTaskId   the Mesos task id of the attempt, which names its directory
 */
public record TaskOutputFiles(String agentEndpoint, String sandbox, String mesosTaskId) {

    /** A task's two output streams. */
    public enum Stream {
        STDOUT(TaskOutputLayout.Stream.STDOUT), STDERR(TaskOutputLayout.Stream.STDERR);

        private final TaskOutputLayout.Stream file;

        Stream(TaskOutputLayout.Stream file) {
            this.file = file;
        }
    }

    public TaskOutputFiles {
        Objects.requireNonNull(agentEndpoint, "agentEndpoint");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(mesosTaskId, "mesosTaskId");
    }

    /**
     * The files of the task's latest attempt, if it was launched and {@code executors} (as in
     * {@link SchedulerState#executors()}) knows where that attempt's executor runs.
     */
    public static Optional<TaskOutputFiles> of(TaskView task, List<ExecutorPlace> executors) {
        for (ExecutorPlace place : executors) {
            Optional<TaskOutputFiles> files = of(task, place);
            if (files.isPresent()) {
                return files;
            }
        }
        return Optional.empty();
    }

    /** The files of the task's latest attempt, if it ran in the executor at {@code place}. */
    public static Optional<TaskOutputFiles> of(TaskView task, ExecutorPlace place) {
        if (task.attempts() < 1 || !place.agentId().equals(task.agentId())
                || !place.executorId().equals(task.executorId())) {
            return Optional.empty();
        }
        return Optional.of(new TaskOutputFiles(place.agentEndpoint(), place.directory(),
                TaskRecord.mesosId(task.id(), task.attempts())));
    }

    /** The file's path relative to the sandbox, e.g. {@code tasks/t1a2b3-7.1/stdout}. */
    public String relativePath(Stream stream) {
        return TaskOutputLayout.relativePath(mesosTaskId, stream.file);
    }

    /** The file's path on the agent's host, which {@code /files/read} takes. */
    public String path(Stream stream) {
        return (sandbox.endsWith("/") ? sandbox : sandbox + "/") + relativePath(stream);
    }

    /**
     * {@code http://<agent>/files/read?path=…&offset=…&length=…}: up to {@code length} bytes from {@code offset}
     * ({@code offset} -1: no data, the file's size as {@code offset}).
     */
    public URI readUri(Stream stream, long offset, long length) {
        return URI.create("http://" + agentEndpoint + "/files/read?path="
                + URLEncoder.encode(path(stream), StandardCharsets.UTF_8) + "&offset=" + offset + "&length=" + length);
    }
}
