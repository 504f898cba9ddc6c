package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The probes over HTTP in local mode: readiness UP with the {@code mesos} indicator's details (mode local, the
 * master, the framework id, how long ago the master last spoke), liveness UP without it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD,
        // The same properties as ApiTest's, so that these tests share its context and its local cluster.
        "ferry.security.api-token=test-api-token-0123456789"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HealthProbesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void readinessShowsTheSubscriptionInLocalModeAndLivenessLeavesMesosOut() throws Exception {
        TestHttpClient client = new TestHttpClient(port);
        HttpResponse<String> readiness = awaitStatus(client, "/actuator/health/readiness", 200);
        JsonNode mesos = JSON.readTree(readiness.body()).get("components").get("mesos");
        assertThat(mesos.get("status").asString()).isEqualTo("UP");
        JsonNode details = mesos.get("details");
        assertThat(details.get("mode").asString()).isEqualTo("local");
        assertThat(details.get("master").asString()).startsWith("http://127.0.0.1:");
        assertThat(details.get("frameworkId").asString()).isNotBlank();
        assertThat(details.get("secondsSinceLastEvent").asDouble()).isGreaterThanOrEqualTo(0);

        HttpResponse<String> liveness = client.get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"UP\"").doesNotContain("mesos");
        // The overall health keeps its details to itself.
        assertThat(client.get("/actuator/health").body()).doesNotContain("frameworkId");
    }

    /** Asks until the answer has {@code status}, for at most a minute; returns the last answer. */
    static HttpResponse<String> awaitStatus(TestHttpClient client, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response = client.get(path);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = client.get(path);
        }
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return response;
    }
}
