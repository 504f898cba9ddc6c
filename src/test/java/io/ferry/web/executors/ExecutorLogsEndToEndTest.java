package io.ferry.web.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskView;
import io.ferry.task.Task;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An executor's stdout as an operator reads it, over real HTTP, from a real executor JVM through the local agent's
 * {@code /files} endpoints: what a task printed is in the log, in the download, and following the log from
 * {@code nextOffset} gives what the next task printed and nothing before it.
 */
// The properties of io.ferry.web.ApiTest, exactly: the application context (and its local cluster) is shared.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=test-password",
        // The same properties as ApiTest's, so that these tests share its context and its local cluster.
        "ferry.security.api-token=test-api-token-0123456789"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExecutorLogsEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    TaskService tasks;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void whatATaskPrintsIsReadDownloadedAndFollowedThroughTheAgent() throws Exception {
        String first = "printed by the first task " + UUID.randomUUID();
        TaskView a = run(printing(first));
        String runA = runOf(a);

        JsonNode tail = json("/api/executors/" + runA + "/logs?file=stdout");
        assertThat(tail.path("data").asString()).contains(first + "\n");
        assertThat(tail.path("nextOffset").asLong()).isEqualTo(tail.path("size").asLong());

        HttpResponse<String> download = get("/api/executors/" + runA + "/logs/download?file=stdout");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment; filename="));
        assertThat(download.body()).contains(first + "\n");

        assertThat(get("/executors/" + runA).body()).contains(first).contains(a.agentId());

        // Where each running executor's stdout ends now; the next task prints on one of them (or starts one).
        Map<String, Long> ends = new HashMap<>();
        for (JsonNode run : json("/api/executors")) {
            if (run.path("running").asBoolean()) {
                String id = run.path("id").asString();
                ends.put(id, json("/api/executors/" + id + "/logs?file=stdout").path("nextOffset").asLong());
            }
        }
        String second = "printed by the second task " + UUID.randomUUID();
        TaskView b = run(printing(second));
        String runB = runOf(b);
        long from = ends.getOrDefault(runB, 0L);

        JsonNode more = json("/api/executors/" + runB + "/logs?file=stdout&offset=" + from);
        String data = more.path("data").asString();
        assertThat(more.path("offset").asLong()).isEqualTo(from);
        assertThat(data).contains(second + "\n").doesNotContain(first);
        assertThat(more.path("nextOffset").asLong())
                .isEqualTo(from + data.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aWrongFileOrOffsetIsA400AndAnUnknownRunA404OverHttpToo() throws Exception {
        TaskView task = run(printing("anything"));
        String id = runOf(task);

        HttpResponse<String> badFile = get("/api/executors/" + id + "/logs?file=..%2Fstdout");
        assertThat(badFile.statusCode()).isEqualTo(400);
        assertThat(badFile.body()).contains("\"field\":\"file\"");
        assertThat(get("/api/executors/" + id + "/logs?file=stdout&offset=-1").body())
                .contains("\"field\":\"offset\"");
        HttpResponse<String> unknown = get("/api/executors/no-such-run/logs?file=stdout");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    /** A task that prints one line to System.out: the executor's stdout, in its sandbox. */
    private static Task<String> printing(String line) {
        return () -> {
            System.out.println(line);
            return line;
        };
    }

    private TaskView run(Task<String> task) throws Exception {
        TaskFuture<String> future = tasks.submit(task);
        future.get(90, TimeUnit.SECONDS);
        return tasks.task(future.taskId()).orElseThrow();
    }

    /** The id of the running executor run the task ran in, as {@code /api/executors} lists it. */
    private String runOf(TaskView task) throws Exception {
        for (JsonNode run : json("/api/executors")) {
            if (run.path("running").asBoolean() && run.path("agentId").asString().equals(task.agentId())
                    && run.path("executorId").asString().equals(task.executorId())) {
                return run.path("id").asString();
            }
        }
        throw new AssertionError("no running executor for " + task + " in " + get("/api/executors").body());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
