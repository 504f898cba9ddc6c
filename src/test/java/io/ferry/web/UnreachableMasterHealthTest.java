package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app pointed at a master that is not there (a closed port on loopback): readiness is DOWN, with the
 * {@code mesos} indicator saying why and that the mode is remote, while liveness stays UP (a restart would not
 * bring the master back). Over HTTP, through the actuator and the security chain.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.security.password=" + ApiTest.PASSWORD})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnreachableMasterHealthTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void unreachableMaster(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // free, and closed again once the socket is
        }
        registry.add("ferry.mesos.master", () -> "http://127.0.0.1:" + closed);
        registry.add("ferry.mesos.state-dir", () -> Path.of("target", "unreachable-master-state").toString());
    }

    @Test
    void readinessIsDownWithTheReasonWhileLivenessStaysUp() throws Exception {
        TestHttpClient client = new TestHttpClient(port);
        HttpResponse<String> readiness = HealthProbesTest.awaitStatus(client, "/actuator/health/readiness", 503);
        JsonNode mesos = JSON.readTree(readiness.body()).get("components").get("mesos");
        assertThat(mesos.get("status").asString()).isEqualTo("DOWN");
        assertThat(mesos.get("details").get("mode").asString()).isEqualTo("remote");
        assertThat(mesos.get("details").get("master").asString()).startsWith("http://127.0.0.1:");
        assertThat(mesos.get("details").get("reason").asString()).isNotBlank();

        HttpResponse<String> liveness = client.get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"UP\"");
        // Still DOWN: the connection is tried again and again, and refused each time, and the reason says so.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String reason = mesos.get("details").get("reason").asString();
        while (!reason.contains("Connect") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            HttpResponse<String> again = client.get("/actuator/health/readiness");
            assertThat(again.statusCode()).isEqualTo(503);
            reason = JSON.readTree(again.body()).get("components").get("mesos").get("details").get("reason").asString();
        }
        assertThat(reason).contains("Connect");
    }
}
