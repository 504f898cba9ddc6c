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
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The JSON API over real HTTP, with the real security chain: login, CSRF, problem details. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ApiTest {

    static final String PASSWORD = "test-password";
    static final String API_TOKEN = "test-api-token-0123456789";

    @LocalServerPort
    int port;

    private HttpClient http;
    private CookieManager cookies;

    @BeforeEach
    void client() {
        cookies = new CookieManager();
        http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String csrfToken() throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(url("/api/tasks")).build(), HttpResponse.BodyHandlers.discarding());
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    private HttpResponse<String> post(String path, String json, boolean login, boolean csrf)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf) {
            request.header("X-XSRF-TOKEN", csrfToken());
        }
        if (login) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void launchesHelloSamplesAndShowsTheirResults() throws Exception {
        HttpResponse<String> response = post("/api/samples", "{\"kind\":\"hello\",\"count\":3}", true, true);

        assertThat(response.statusCode()).isEqualTo(202);
        Matcher ids = Pattern.compile("\"(t[^\"]+)\"").matcher(response.body());
        assertThat(ids.find()).isTrue();
        String first = ids.group(1);

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get("/api/tasks/" + first).body();
            if (body.contains("\"SUCCEEDED\"")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(body).contains("\"phase\":\"SUCCEEDED\"").contains("\"result\":\"hi0\"")
                .contains("\"attempts\":1").contains("\"agentId\"");
    }

    @Test
    void cancellingAFinishedTaskIs409AndAnUnknownOne404() throws Exception {
        HttpResponse<String> launched = post("/api/samples", "{\"kind\":\"hello\",\"count\":1}", true, true);
        Matcher ids = Pattern.compile("\"(t[^\"]+)\"").matcher(launched.body());
        assertThat(ids.find()).isTrue();
        String id = ids.group(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!get("/api/tasks/" + id).body().contains("\"SUCCEEDED\"")) {
            assertThat(System.nanoTime()).as("task %s finishes", id).isLessThan(deadline);
            Thread.sleep(50);
        }

        assertThat(delete("/api/tasks/" + id).statusCode()).isEqualTo(409);
        assertThat(delete("/api/tasks/no-such-task").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("X-XSRF-TOKEN", csrfToken())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .DELETE().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBadFieldGetsAProblemNamingIt() throws Exception {
        HttpResponse<String> response = post("/api/samples", "{\"kind\":\"hello\",\"count\":0}", true, true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"field\":\"count\"").contains("between 1 and 10000");
    }

    @Test
    void anUnknownKindAndAWrongTypeAreNamedToo() throws Exception {
        assertThat(post("/api/samples", "{\"kind\":\"nope\"}", true, true).body()).contains("\"field\":\"kind\"");
        HttpResponse<String> wrongType = post("/api/samples", "{\"kind\":\"pi\",\"count\":\"many\"}", true, true);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("\"field\":\"count\"");
    }

    @Test
    void launchingNeedsTheOperatorButAnApiClientNoCsrfToken() throws Exception {
        assertThat(post("/api/samples", "{\"kind\":\"hello\"}", false, true).statusCode()).isEqualTo(401);
        assertThat(post("/api/samples", "{\"kind\":\"hello\"}", true, false).statusCode()).isEqualTo(202);
    }

    @Test
    void theDashboardRendersAndABadFormValueGetsAnInlineMessageAnd400() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Ferry</h1>").contains("id=\"sample-form\"").contains("Executors");

        String csrf = csrfToken();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(url("/samples"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("kind=hello&count=0&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("count: must be between 1 and 10000").contains("id=\"sample-form\"");
    }

    @Test
    void theClusterStateNamesTheMasterAndTheExecutorsThatFail() throws Exception {
        String body = get("/api/cluster").body();
        assertThat(body).containsPattern("\"master\":\"http://127\\.0\\.0\\.1:\\d+/api/v1/scheduler\"")
                .contains("\"executors\":[").contains("\"failingExecutors\":[]");
    }

    @Test
    void anUnknownTaskIs404() throws Exception {
        HttpResponse<String> response = get("/api/tasks/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no task nope");
    }

    @Test
    void actuatorExposesOnlyHealthInfoAndPrometheus() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("ferry_tasks_submitted_total");
        assertThat(get("/actuator/env").statusCode()).isIn(401, 404);
        assertThat(get("/actuator/beans").statusCode()).isIn(401, 404);
    }

    @Test
    void readinessFollowsTheMesosConnectionAndLivenessDoesNot() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        while (readiness.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            readiness = get("/actuator/health/readiness");
        }
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void theExecutorJarAndScriptAreServedWithoutCredentials() throws Exception {
        HttpResponse<byte[]> jar = http.send(HttpRequest.newBuilder(url("/executor/ferry-executor.jar")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jar.statusCode()).isEqualTo(200);
        // The executor carries Netty since the HTTP client moved to it (5.3 MiB); at most 8 MiB.
        assertThat(jar.body().length).isBetween(100_000, 8 * 1024 * 1024);
        assertThat(get("/executor/ferry-executor.sh").body()).startsWith("#!/bin/sh");
    }

    @Test
    void theClassEndpointWantsTheToken() throws Exception {
        assertThat(get("/ferry/classes/io.ferry.samples.HelloTask").statusCode()).isEqualTo(401);
    }
}
