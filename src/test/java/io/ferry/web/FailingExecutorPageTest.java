package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An executor that cannot start, as an operator sees it: the failing agent with the JVM's complaint in
 * {@code /api/cluster} and on the dashboard. The JVM gets a metaspace too small to load the executor's classes: an
 * option the start-up check cannot catch, since {@code java -version} runs with it (an option the JVM refuses
 * outright, such as {@code -XX:+NoSuchFlag}, stops the app's start-up instead).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=1", "ferry.executor.java-opts=-XX:MaxMetaspaceSize=5m",
        "spring.application.name=ferry-failing-executor"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailingExecutorPageTest {

    @LocalServerPort
    int port;
    @Autowired
    TaskService tasks;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theDashboardAndTheApiShowTheAgentAndWhatTheJvmSaid() throws Exception {
        tasks.submit(() -> "never", tasks.defaultOptions().withMaxRetries(5));

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String cluster = get("/api/cluster");
        while (!cluster.contains("\"backingOff\":true") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            cluster = get("/api/cluster");
        }
        assertThat(cluster).contains("\"failedStarts\":3")
                .contains("\"lastExit\":\"exited with code 1 (lost the agent, or the JVM could not start)\"")
                // The JVM's own report, read back from the sandbox. Where the metaspace runs out varies from run to
                // run: in the executor's main, with a stack trace, or in the handler printing it, without one.
                .contains("java.lang.OutOfMemoryError");

        String page = get("/");
        assertThat(page).contains("id=\"failing-executors\"").contains("Failing to start")
                .contains("3</span> failed start(s) in a row")
                .contains("exited with code 1 (lost the agent, or the JVM could not start)")
                .contains("/runs/latest/stderr")
                .contains("java.lang.OutOfMemoryError");
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
