package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Launch to pages through the local cluster, over real HTTP and the real security chain: ten hello samples as one
 * batch, the batch followed to ten done, then a task's page with its status updates and result. The same properties
 * as {@link ApiTest}, so that both run in one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD,
        // The same properties as ApiTest's, so that these tests share its context and its local cluster.
        "ferry.security.api-token=test-api-token-0123456789"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BatchEndToEndTest {

    @LocalServerPort
    int port;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String csrfToken() throws IOException, InterruptedException {
        get("/api/tasks");
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    @Test
    void tenHelloSamplesFinishAsOneBatchAndTaskThreeShowsItsUpdatesAndResult() throws Exception {
        HttpResponse<String> launched = http.send(HttpRequest.newBuilder(url("/api/samples"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", csrfToken())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + ApiTest.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"hello\",\"count\":10}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
        Matcher batchId = Pattern.compile("\"batch\":\"(b\\d+)\"").matcher(launched.body());
        assertThat(batchId.find()).as(launched.body()).isTrue();
        String batch = batchId.group(1);
        List<String> ids = new ArrayList<>();
        Matcher id = Pattern.compile("\"(t[^\"]+)\"").matcher(launched.body());
        while (id.find()) {
            ids.add(id.group(1));
        }
        assertThat(ids).hasSize(10);

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String progress = get("/api/batches/" + batch).body();
        while (!progress.contains("\"done\":10")) {
            assertThat(System.nanoTime()).as("batch %s finishes: %s", batch, progress).isLessThan(deadline);
            assertThat(progress).doesNotContain("\"failed\":1");
            Thread.sleep(50);
            progress = get("/api/batches/" + batch).body();
        }
        assertThat(progress).contains("\"total\":10", "\"failed\":0", "\"running\":0", "\"queued\":0",
                "\"finished\":10", "\"ids\":[\"" + String.join("\",\"", ids) + "\"]");

        HttpResponse<String> batchPage = get("/tasks?batch=" + batch);
        assertThat(batchPage.statusCode()).isEqualTo(200);
        // The figures as text: the page wraps each in an element its script keeps up to date.
        String text = batchPage.body().replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
        assertThat(text).contains("10 of 10 finished").contains("10 done").contains("10 task(s)");

        String third = ids.get(3);
        HttpResponse<String> page = get("/tasks/" + third);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Task <code>" + third + "</code>").contains("state-SUCCEEDED")
                .contains("<pre>hi3</pre>")
                .contains("<code>TASK_FINISHED</code>").contains("<td>SOURCE_EXECUTOR</td>")
                .containsPattern("href=\"/executors/[^\"]+\"")
                .doesNotContain("id=\"kill-form\"");
        String json = get("/api/tasks/" + third).body();
        assertThat(json).contains("\"result\":\"hi3\"").contains("\"state\":\"TASK_FINISHED\"")
                .contains("\"source\":\"SOURCE_EXECUTOR\"").contains("\"batch\":\"" + batch + "\"");
    }
}
