package io.ferry.scheduler;

import io.ferry.wire.TaskOutputLayout;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * one of the run of the executor that ran the attempt ({@link AttemptPlace}), which stays on the agent after that
 * run ended, until the agent's garbage collection removes it (docs/mesos-notes.md §12); a later run of the
 * executor on the same agent has a sandbox of its own.
 *
 * @param agentEndpoint {@code host:port} of the agent
 * @param sandbox       the sandbox, on the agent's host, of the executor run that ran the attempt
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
     * The files of attempt {@code attempt} of the task, if it was launched and the run of the executor that took it
     * is known ({@link TaskView#places()}).
     */
    public static Optional<TaskOutputFiles> of(TaskView task, int attempt) {
        return task.place(attempt).filter(AttemptPlace::runKnown).map(place -> new TaskOutputFiles(
                place.agentEndpoint(), place.directory(), TaskRecord.mesosId(task.id(), attempt)));
    }

    /** The executor's own {@code stdout} in the same sandbox: every sandbox has one, so it tells whether it is there. */
    public String sandboxStdoutPath() {
        return (sandbox.endsWith("/") ? sandbox : sandbox + "/") + "stdout";
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
