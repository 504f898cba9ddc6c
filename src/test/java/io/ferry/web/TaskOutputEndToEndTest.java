package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.task.Task;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task's own output, over real HTTP, from real executor JVMs through the local agents' {@code /files/read}: what
 * each task printed to stdout and stderr and nothing of the others', on its page (escaped) and from
 * {@code GET /api/tasks/{id}/output}; a task that printed nothing has empty output; text beyond ASCII comes back
 * exactly, though the local agents start executors without a locale, as Mesos agents do, and pieces never cut a
 * character. ApiTest's properties: its context and local cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TaskOutputEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    void helloTaskThreeShowsExactlyHi3() throws Exception {
        HttpResponse<String> launched = http.postJson("/api/samples", "{\"kind\":\"hello\",\"count\":4}",
                "Authorization", TestHttpClient.bearer(ApiTest.API_TOKEN));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        JSON.readTree(launched.body()).path("ids").forEach(id -> ids.add(id.asString()));
        for (String id : ids) {
            awaitFinished(id);
        }
        String three = ids.get(3);

        JsonNode stdout = output(three, "stdout");
        assertThat(stdout.path("data").asString()).isEqualTo("hi3\n");
        assertThat(stdout.path("offset").asLong()).isZero();
        assertThat(stdout.path("nextOffset").asLong()).isEqualTo(4);
        assertThat(stdout.path("size").asLong()).isEqualTo(4);
        assertThat(output(three, "stderr").path("data").asString()).isEmpty();
        assertThat(http.get("/tasks/" + three).body()).contains("<pre id=\"task-stdout\" class=\"log\">hi3\n</pre>")
                .contains("id=\"task-stderr-empty\"");
    }

    @Test
    void eachStreamHasWhatTheTaskWroteEscapedOnThePageAndReadsFromAnOffset() throws Exception {
        TaskFuture<String> loud = tasks.submit((Task<String>) () -> {
            System.out.println("<script>alert('out')</script> ok");
            System.err.println("to stderr");
            return "done";
        });
        TaskFuture<String> quiet = tasks.submit((Task<String>) () -> "said nothing");
        loud.get(90, TimeUnit.SECONDS);
        quiet.get(90, TimeUnit.SECONDS);
        String line = "<script>alert('out')</script> ok\n";
        int bytes = line.length();

        JsonNode stdout = output(loud.taskId(), "stdout");
        assertThat(stdout.path("data").asString()).isEqualTo(line);
        assertThat(stdout.path("size").asLong()).isEqualTo(bytes);
        assertThat(output(loud.taskId(), "stderr").path("data").asString()).isEqualTo("to stderr\n");
        // From an offset, at most a length.
        JsonNode piece = json("/api/tasks/" + loud.taskId() + "/output?stream=stdout&offset=8&length=12");
        assertThat(piece.path("data").asString()).isEqualTo("alert('out')");
        assertThat(piece.path("offset").asLong()).isEqualTo(8);
        assertThat(piece.path("nextOffset").asLong()).isEqualTo(20);
        assertThat(piece.path("size").asLong()).isEqualTo(bytes);

        String page = http.get("/tasks/" + loud.taskId()).body();
        assertThat(page).contains("&lt;script&gt;alert(&#39;out&#39;)&lt;/script&gt; ok")
                .doesNotContain("<script>alert(").contains("<pre id=\"task-stderr\" class=\"log\">to stderr\n</pre>");

        for (String stream : new String[] {"stdout", "stderr"}) {
            JsonNode nothing = output(quiet.taskId(), stream);
            assertThat(nothing.path("data").asString()).isEmpty();
            assertThat(nothing.path("size").asLong()).isZero();
        }
        assertThat(http.get("/tasks/" + quiet.taskId()).body()).contains("id=\"task-stdout-empty\"");
        HttpResponse<String> beyond = http.get("/api/tasks/" + loud.taskId() + "/output?stream=stdout&offset="
                + (bytes + 1));
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(beyond.body()).contains("\"field\":\"offset\"");
    }

    @Test
    void textBeyondAsciiComesBackExactlyWholeOrInPieces() throws Exception {
        String out = "héllo wörld ✓ 日本 😀 " + System.nanoTime();
        String err = "ошибка ✗ <b>&amp;</b>";
        TaskFuture<String> task = tasks.submit((Task<String>) () -> {
            System.out.println(out);
            System.err.println(err);
            return "printed";
        });
        task.get(90, TimeUnit.SECONDS);
        String line = out + "\n";
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;

        JsonNode stdout = output(task.taskId(), "stdout");
        assertThat(stdout.path("data").asString()).isEqualTo(line);
        assertThat(stdout.path("size").asLong()).as("offsets count bytes").isEqualTo(bytes);
        assertThat(output(task.taskId(), "stderr").path("data").asString()).isEqualTo(err + "\n");
        assertThat(http.get("/tasks/" + task.taskId()).body())
                .contains("<pre id=\"task-stdout\" class=\"log\">" + line + "</pre>")
                .contains("ошибка ✗ &lt;b&gt;&amp;amp;&lt;/b&gt;");

        // Followed 3 bytes at a time: most pieces end inside a character, which the next piece begins with.
        StringBuilder followed = new StringBuilder();
        long offset = 0;
        for (int reads = 0; offset < bytes; reads++) {
            assertThat(reads).as("reads of 3 bytes get on").isLessThan(bytes);
            JsonNode piece = json("/api/tasks/" + task.taskId() + "/output?stream=stdout&length=3&offset=" + offset);
            assertThat(piece.path("offset").asLong()).isEqualTo(offset);
            followed.append(piece.path("data").asString());
            offset = piece.path("nextOffset").asLong();
        }
        assertThat(followed.toString()).isEqualTo(line);
        // An offset inside a character (the second byte of "é"): the piece begins with the next character.
        JsonNode inside = json("/api/tasks/" + task.taskId() + "/output?stream=stdout&offset=2&length=4");
        assertThat(inside.path("offset").asLong()).isEqualTo(3);
        assertThat(inside.path("data").asString()).isEqualTo("llo");

        // The executor's own stdout (its log page) has the line as the task wrote it too.
        String agent = tasks.task(task.taskId()).orElseThrow().agentId();
        boolean inLog = false;
        for (JsonNode run : json("/api/executors")) {
            if (run.path("agentId").asString().equals(agent)) {
                inLog |= json("/api/executors/" + run.path("id").asString() + "/logs?file=stdout").path("data")
                        .asString().contains(line);
            }
        }
        assertThat(inLog).as("the line in the stdout of an executor on agent %s", agent).isTrue();
    }

    @Test
    void aTaskDecodesBytesAsUtf8ByDefaultWhateverTheAgentsLocale() throws Exception {
        // The executor JVM is started with -Dfile.encoding=UTF-8 (ExecutorSpec.jvmOptions): without it, Java 17 under
        // an agent's empty locale takes ASCII, and new String(bytes) of "ü" gives two '?'.
        TaskFuture<String> task = tasks.submit((Task<String>) () -> java.nio.charset.Charset.defaultCharset().name()
                + " " + new String(new byte[] {(byte) 0xc3, (byte) 0xbc}));
        assertThat(task.get(90, TimeUnit.SECONDS)).isEqualTo("UTF-8 ü");
    }

    private JsonNode output(String id, String stream) throws Exception {
        return json("/api/tasks/" + id + "/output?stream=" + stream);
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void awaitFinished(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.get("/api/tasks/" + id).body();
            if (body.contains("\"phase\":\"SUCCEEDED\"") || body.contains("\"phase\":\"FAILED\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task " + id + " did not finish within 90 s: " + body);
    }
}
