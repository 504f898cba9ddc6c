package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each attempt's output from the sandbox of the executor run that ran it, over real HTTP, with real executor JVMs
 * in the local cluster: a task prints, its executor is killed ({@code kill -9}) under it, the task is retried on a
 * new executor and prints again; attempt 1's output is still read from the killed run's sandbox, attempt 2's from
 * the new one's, on the API and the page. Once the killed run's sandbox is removed (as an agent's garbage collection
 * removes it), the page and the API say it is gone. Its own context: it kills executors.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD, "spring.application.name=ferry-retried-output-test"})
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RetriedTaskOutputEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(90);

    @LocalServerPort
    int port;
    @Autowired
    TaskService tasks;

    private TestHttpClient http;

    @BeforeEach
    void client() {
        http = new TestHttpClient(port);
    }

    @Test
    void eachAttemptsOutputIsReadFromTheRunThatRanItUntilThatSandboxIsGone() throws Exception {
        TaskFuture<String> task = tasks.submit(RetriedTaskOutputEndToEndTest::printThenSleep,
                tasks.defaultOptions().withMaxRetries(2));
        String id = task.taskId();
        String output = "/api/tasks/" + id + "/output?stream=stdout";
        // Attempt 1 printed (read back while it runs); its executor is killed under it.
        String first = await(output + "&attempt=1", o -> o.path("data").asString().startsWith("start "))
                .path("data").asString();
        long victim = Long.parseLong(first.substring("start ".length()).split(" ")[0]);
        ProcessHandle process = ProcessHandle.of(victim).orElseThrow(() -> new AssertionError("no process " + victim));
        long killed = System.nanoTime();
        assertThat(process.destroyForcibly()).isTrue();
        process.onExit().get(90, TimeUnit.SECONDS);

        assertThat(task.get(90, TimeUnit.SECONDS)).isEqualTo("done");
        // What the fault costs (reported, not asserted): 3 s of it is the second attempt's sleep.
        System.out.printf("fault-cost kind=executor-kill-9-retried-output to_retried_done_ms=%d%n",
                (System.nanoTime() - killed) / 1_000_000);
        JsonNode view = json("/api/tasks/" + id);
        assertThat(view.path("attempts").asInt()).isEqualTo(2);
        JsonNode places = view.path("places");
        assertThat(places.size()).isEqualTo(2);
        String killedRun = places.get(0).path("directory").asString();
        String newRun = places.get(1).path("directory").asString();
        assertThat(killedRun).isNotBlank().isNotEqualTo(newRun);
        assertThat(newRun).isNotBlank();

        assertThat(json(output + "&attempt=1").path("data").asString()).as("attempt 1, from the killed run")
                .isEqualTo(first).doesNotContain("end");
        String second = json(output + "&attempt=2").path("data").asString();
        assertThat(second).as("attempt 2, from the new run").matches("start \\d+ ✓\nend\n")
                .isNotEqualTo(first + "end\n");
        assertThat(json(output).path("data").asString()).as("the latest attempt's by default").isEqualTo(second);
        String pageOne = http.get("/tasks/" + id + "?attempt=1").body();
        assertThat(pageOne).contains("<h2>Output of attempt 1</h2>")
                .contains("<pre id=\"task-stdout\" class=\"log\">" + first + "</pre>")
                .contains("id=\"task-attempts\"").contains("href=\"/tasks/" + id + "?attempt=2\"");
        assertThat(http.get("/tasks/" + id).body()).contains("<h2>Output of attempt 2</h2>")
                .contains("<pre id=\"task-stdout\" class=\"log\">" + second + "</pre>");

        // The killed run's sandbox is removed, as the agent's garbage collection does with ended runs' sandboxes.
        removeTree(Path.of(killedRun));
        assertThat(http.get("/tasks/" + id + "?attempt=1").body()).contains("id=\"task-output-unavailable\"")
                .contains("The sandbox of attempt 1 of task " + id + " is gone")
                .doesNotContain("id=\"task-stdout-empty\"");
        HttpResponse<String> gone = http.get(output + "&attempt=1");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("is gone").contains("\"id\":\"" + id + "\"");
        assertThat(json(output + "&attempt=2").path("data").asString()).isEqualTo(second);
    }

    /** Runs in the executor: says which JVM it runs in, then sleeps long enough to be killed on its first attempt. */
    static String printThenSleep() throws InterruptedException {
        System.out.println("start " + ProcessHandle.current().pid() + " ✓");
        Thread.sleep(3_000);
        System.out.println("end");
        return "done";
    }

    private JsonNode await(String path, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            HttpResponse<String> response = http.get(path);
            if (response.statusCode() == 200) {
                JsonNode json = JSON.readTree(response.body());
                if (until.test(json)) {
                    return json;
                }
            }
            assertThat(System.nanoTime()).as("%s as wanted within 90 s: %s", path, response.body())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void removeTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
