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
    private static final ExecutorPlace PLACE = new ExecutorPlace("ferry-x", "S0", "10.0.0.7:5051", SANDBOX, 42,
            Instant.EPOCH, null, null);
    private static final ExecutorPlace OTHER = new ExecutorPlace("ferry-x", "S1", "10.0.0.8:5051", "/elsewhere", 43,
            Instant.EPOCH, null, null);

    private static TaskView view(String agentId, String executorId, int attempts) {
        return new TaskView("tabc-7", "task", TaskPhase.SUCCEEDED, "TASK_FINISHED", agentId, executorId, attempts,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "7", null, null, Map.of(), List.of(), 0, null);
    }

    @Test
    void theLatestAttemptsFilesInItsExecutorsSandbox() {
        TaskOutputFiles files = TaskOutputFiles.of(view("S0", "ferry-x", 2), List.of(OTHER, PLACE)).orElseThrow();

        assertThat(files).isEqualTo(new TaskOutputFiles("10.0.0.7:5051", SANDBOX, "tabc-7.2"));
        assertThat(files.relativePath(Stream.STDOUT)).isEqualTo("tasks/tabc-7.2/stdout");
        assertThat(files.relativePath(Stream.STDERR)).isEqualTo("tasks/tabc-7.2/stderr");
        assertThat(files.path(Stream.STDERR)).isEqualTo(SANDBOX + "/tasks/tabc-7.2/stderr");
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
    void noFilesForATaskNeverLaunchedOrRunElsewhere() {
        assertThat(TaskOutputFiles.of(view(null, null, 0), List.of(PLACE))).isEmpty();
        assertThat(TaskOutputFiles.of(view("S2", "ferry-x", 1), List.of(PLACE, OTHER))).isEmpty();
        assertThat(TaskOutputFiles.of(view("S0", "ferry-older", 1), List.of(PLACE))).isEmpty();
    }
}
