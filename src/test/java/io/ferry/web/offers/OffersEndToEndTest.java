package io.ferry.web.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A launch as the offers page and {@code /api/offers} tell it, through the local cluster over real HTTP. */
// The properties of io.ferry.web.ApiTest, exactly: the application context (and its local cluster) is shared.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=test-password",
        // The same properties as ApiTest's, so that these tests share its context and its local cluster.
        "ferry.security.api-token=test-api-token-0123456789"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OffersEndToEndTest {

    @LocalServerPort
    int port;
    @Autowired
    TaskService tasks;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theOfferATaskWasLaunchedFromNamesIt() throws Exception {
        TaskFuture<Integer> future = tasks.submit(() -> 6 * 7);
        assertThat(future.get(90, TimeUnit.SECONDS)).isEqualTo(42);
        String id = future.taskId();

        JsonNode launched = null;
        for (JsonNode decision : JsonMapper.builder().build().readTree(get("/api/offers").body()).path("decisions")) {
            for (JsonNode taskId : decision.path("taskIds")) {
                if (taskId.asString().equals(id)) {
                    launched = decision;
                }
            }
        }
        assertThat(launched).as("a decision naming %s", id).isNotNull();
        assertThat(launched.path("fate").asString()).isEqualTo("LAUNCHED");
        assertThat(launched.path("launched").asInt()).isPositive();
        assertThat(launched.path("cpusUsed").asDouble()).isPositive();

        HttpResponse<String> page = get("/offers");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/tasks/" + id + "\"").contains("fate-LAUNCHED");
    }

    private HttpResponse<String> get(String path) throws Exception {
        // With credentials: whether reading pages needs a login is the security chain's business, not this test's.
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "operator:test-password".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
