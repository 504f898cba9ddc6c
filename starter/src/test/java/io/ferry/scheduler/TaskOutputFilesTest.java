package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.scheduler.TaskOutputFiles.Stream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskOutputFilesTest {

    private static final String SANDBOX = "/var/lib/mesos/slaves/S0/frameworks/F/executors/ferry-x/runs/c 1";
    private static final String EARLIER = "/var/lib/mesos/slaves/S0/frameworks/F/executors/ferry-x/runs/c0";
    private static final ExecutorPlace RUN = new ExecutorPlace("ferry-x", "S0", "10.0.0.7:5051", SANDBOX, 42,
            Instant.EPOCH, null, null);
    private static final ExecutorPlace EARLIER_RUN = new ExecutorPlace("ferry-x", "S0", "10.0.0.7:5051", EARLIER,
            41, Instant.EPOCH, 9, "was killed by signal 9 (SIGKILL)");

    private static TaskView view(int attempts, AttemptPlace... places) {
        return new TaskView("tabc-7", "task", TaskPhase.SUCCEEDED, "TASK_FINISHED", "S0", "ferry-x", attempts,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "7", null, null, Map.of(), List.of(), 0,
                null, List.of(places));
    }

    @Test
    void eachAttemptsFilesAreInTheSandboxOfTheRunThatRanIt() {
        TaskView task = view(2, AttemptPlace.launched(1, "S0", "ferry-x", EARLIER_RUN),
                AttemptPlace.launched(2, "S0", "ferry-x", RUN));

        TaskOutputFiles second = TaskOutputFiles.of(task, 2).orElseThrow();
        assertThat(second).isEqualTo(new TaskOutputFiles("10.0.0.7:5051", SANDBOX, "tabc-7.2"));
        assertThat(second.relativePath(Stream.STDOUT)).isEqualTo("tasks/tabc-7.2/stdout");
        assertThat(second.relativePath(Stream.STDERR)).isEqualTo("tasks/tabc-7.2/stderr");
        assertThat(second.path(Stream.STDERR)).isEqualTo(SANDBOX + "/tasks/tabc-7.2/stderr");
        assertThat(second.sandboxStdoutPath()).isEqualTo(SANDBOX + "/stdout");
        assertThat(TaskOutputFiles.of(task, 1).orElseThrow().path(Stream.STDOUT))
                .isEqualTo(EARLIER + "/tasks/tabc-7.1/stdout");
    }

    @Test
    void theReadUriNamesThePathEncoded() {
        TaskOutputFiles files = new TaskOutputFiles("10.0.0.7:5051", SANDBOX, "odd id/%");

        String uri = files.readUri(Stream.STDOUT, 0, 4096).toString();
        assertThat(uri).startsWith("http://10.0.0.7:5051/files/read?path=").endsWith("&offset=0&length=4096");
        String path = uri.substring(uri.indexOf("path=") + 5, uri.indexOf("&offset"));
        assertThat(URLDecoder.decode(path, StandardCharsets.UTF_8))
                .isEqualTo(SANDBOX + "/tasks/odd%20id%2F%25/stdout");
    }

    @Test
    void noFilesForAnAttemptNeverLaunchedOrWhoseRunIsNotKnown() {
        assertThat(TaskOutputFiles.of(view(0), 1)).isEmpty();
        TaskView waiting = view(1, AttemptPlace.launched(1, "S0", "ferry-x", null));
        assertThat(waiting.place(1)).hasValueSatisfying(p -> assertThat(p.runKnown()).isFalse());
        assertThat(TaskOutputFiles.of(waiting, 1)).isEmpty();
        assertThat(TaskOutputFiles.of(waiting, 2)).isEmpty();
    }
}
