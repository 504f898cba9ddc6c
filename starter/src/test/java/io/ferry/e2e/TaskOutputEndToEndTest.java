package io.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskOutputFiles;
import io.ferry.scheduler.TaskOutputFiles.Stream;
import io.ferry.scheduler.TaskView;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each task's output, for real: tasks print in executor JVMs started by the local cluster's agents, and the test
 * reads what each printed the way the dashboard does, through the agent's {@code /files/read} at the path
 * {@link TaskOutputFiles} gives for the task's attempt and the executor run that ran it.
 */
@LocalModeTest
class TaskOutputEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Autowired
    TaskService tasks;

    @Test
    void whatATaskPrintsIsReadThroughTheAgentsFilesEndpoint() throws Exception {
        TaskFuture<Integer> future = tasks.submit(() -> {
            System.out.println("hi3");
            System.err.println("and a word on stderr");
            return 3;
        });
        assertThat(future.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);

        TaskOutputFiles files = filesOf(future.taskId());
        assertThat(files.relativePath(Stream.STDOUT)).isEqualTo("tasks/" + files.mesosTaskId() + "/stdout");
        assertThat(read(files, Stream.STDOUT)).isEqualTo("hi3\n");
        assertThat(read(files, Stream.STDERR)).isEqualTo("and a word on stderr\n");
    }

    @Test
    void aTaskThatPrintsNothingHasNoFile() throws Exception {
        TaskFuture<Integer> future = tasks.submit(() -> 4);
        assertThat(future.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(4);

        TaskOutputFiles files = filesOf(future.taskId());
        assertThat(get(files, Stream.STDOUT, 0).statusCode()).isEqualTo(404);
    }

    @Test
    void tasksPrintingAtTheSameTimeInOneExecutorKeepTheirOutputApart() throws Exception {
        // Six at once over two agents: at least three share an executor and print at the same time there. Each
        // says in which JVM it ran and whether another of them ran beside it, so the test knows that it did.
        List<TaskFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String tag = "task" + i;
            futures.add(tasks.submit(() -> Chatty.print(tag)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        Map<String, Long> overlappingPerJvm = futures.stream().map(f -> f.getNow(null).split(" "))
                .filter(r -> Boolean.parseBoolean(r[1]))
                .collect(Collectors.groupingBy(r -> r[0], Collectors.counting()));
        assertThat(overlappingPerJvm.values()).as("tasks that printed beside another in the same executor")
                .anySatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(2));
        for (int i = 0; i < 6; i++) {
            int lines = Integer.parseInt(futures.get(i).getNow(null).split(" ")[2]);
            StringBuilder expected = new StringBuilder();
            for (int line = 0; line < lines; line++) {
                expected.append("task").append(i).append(" line ").append(line).append('\n');
            }
            assertThat(read(filesOf(futures.get(i).taskId()), Stream.STDOUT)).as("task%d's stdout", i)
                    .isEqualTo(expected.toString());
        }
    }

    /** What the tasks of the test above run, in the executor's JVM (its class comes from this app). */
    static final class Chatty {
        private static final AtomicInteger RUNNING = new AtomicInteger();

        /**
         * Prints 50 lines or more, one a millisecond, until it saw another task of this class run beside it (at
         * most 3 s); answers "pid overlapped lines".
         */
        static String print(String tag) throws InterruptedException {
            boolean overlapped = RUNNING.incrementAndGet() > 1;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                int line = 0;
                while (line < 50 || !overlapped && System.nanoTime() < deadline) {
                    System.out.println(tag + " line " + line++);
                    overlapped |= RUNNING.get() > 1;
                    Thread.sleep(1);
                }
                return ProcessHandle.current().pid() + " " + overlapped + " " + line;
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    /** The files of the task's attempt, once the scheduler knows where its executor runs (its hello may be late). */
    private TaskOutputFiles filesOf(String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            TaskView view = tasks.task(taskId).orElseThrow();
            Optional<TaskOutputFiles> files = TaskOutputFiles.of(view, view.attempts());
            if (files.isPresent()) {
                return files.get();
            }
            assertThat(System.nanoTime()).as("the executor of %s known within %s", view, WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static HttpResponse<String> get(TaskOutputFiles files, Stream stream, long offset) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(files.readUri(stream, offset, 64 * 1024)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The whole file, read as the Mesos web UI reads one: a page at a time until a read returns no data. */
    private static String read(TaskOutputFiles files, Stream stream) throws Exception {
        StringBuilder text = new StringBuilder();
        long offset = 0;
        while (true) {
            HttpResponse<String> response = get(files, stream, offset);
            assertThat(response.statusCode()).as("%s of %s", stream, files).isEqualTo(200);
            JsonNode json = JsonMapper.builder().build().readTree(response.body());
            assertThat(json.get("offset").asLong()).isEqualTo(offset);
            String data = json.get("data").asText();
            if (data.isEmpty()) {
                return text.toString();
            }
            text.append(data);
            offset += data.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
