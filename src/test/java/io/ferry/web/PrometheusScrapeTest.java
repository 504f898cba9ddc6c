package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app's metrics as a real Prometheus sees them: the app in local mode runs sample tasks, a Prometheus started
 * from the shipped scrape configuration scrapes it every second, and its query API says the target is up and that
 * the task counters rose. The shipped rules pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}), Prometheus loads them, and a real scrape passes {@code promtool check metrics}.
 * Skipped, saying why, without Prometheus and promtool ({@code .ci/run} installs them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD,
        // The same properties as ApiTest's, so that these tests share its context and its local cluster.
        "ferry.security.api-token=test-api-token-0123456789"})
@ExtendWith(PrometheusServer.Installed.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrometheusScrapeTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void theShippedRulesAreValidAndPassTheirUnitTests() throws Exception {
        Path dir = PrometheusServer.SHIPPED_RULES.toAbsolutePath().getParent();
        PrometheusServer.ToolRun check = PrometheusServer.promtool(dir, null, "check", "rules",
                PrometheusServer.SHIPPED_RULES.getFileName().toString());
        assertThat(check.exit()).as("promtool check rules:\n" + check.output()).isZero();
        PrometheusServer.ToolRun tests = PrometheusServer.promtool(dir, null, "test", "rules",
                PrometheusServer.SHIPPED_RULE_TESTS.getFileName().toString());
        assertThat(tests.exit()).as("promtool test rules:\n" + tests.output()).isZero();
        assertThat(tests.output()).contains("SUCCESS");
        PrometheusServer.ToolRun config = PrometheusServer.promtool(dir, null, "check", "config",
                PrometheusServer.SHIPPED_CONFIG.getFileName().toString());
        assertThat(config.exit()).as("promtool check config:\n" + config.output()).isZero();
    }

    @Test
    void aScrapeOverHttpPassesPromtoolCheckMetrics(@TempDir Path dir) throws Exception {
        TestHttpClient client = new TestHttpClient(port);
        Path scrape = dir.resolve("scrape.txt");
        Files.writeString(scrape, client.get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
        PrometheusServer.ToolRun check = PrometheusServer.promtool(dir, scrape, "check", "metrics");
        // Ferry's own families must be clean; the JVM's and Tomcat's are Micrometer's and Spring Boot's business.
        assertThat(check.output().lines().filter(l -> l.startsWith("ferry_")).toList())
                .as("promtool check metrics:\n" + check.output()).isEmpty();
    }

    @Test
    void prometheusScrapesTheAppAndSeesTheTasksItRan(@TempDir Path dir) throws Exception {
        TestHttpClient client = new TestHttpClient(port);
        try (PrometheusServer prometheus = PrometheusServer.start("127.0.0.1:" + port, dir)) {
            await(() -> prometheus.value("up{job=\"ferry\"}") == 1, "the first scrape of the app", prometheus);
            double submitted = prometheus.value("sum(ferry_tasks_submitted_total{job=\"ferry\"})");
            double finished = orZero(prometheus.value("sum(ferry_tasks_ended_total{job=\"ferry\", state=\"finished\"})"));

            String batch = launchHelloSamples(client, 5);
            await(() -> JSON.readTree(client.get("/api/batches/" + batch).body()).get("done").asInt() == 5,
                    "the five samples done", prometheus);

            await(() -> prometheus.value("sum(ferry_tasks_ended_total{job=\"ferry\", state=\"finished\"})")
                    >= finished + 5, "Prometheus seeing five more finished tasks", prometheus);
            assertThat(prometheus.value("sum(ferry_tasks_submitted_total{job=\"ferry\"})")).isGreaterThanOrEqualTo(
                    submitted + 5);
            assertThat(prometheus.value("up{job=\"ferry\"}")).isEqualTo(1);
            assertThat(prometheus.value("ferry_mesos_subscribed{job=\"ferry\"}")).isEqualTo(1);

            // The shipped rules are loaded and evaluated against the app's series.
            JsonNode groups = prometheus.api("/api/v1/rules").get("groups");
            assertThat(groups.toString()).contains("FerryDisconnectedFromMesos", "instance:ferry_tasks_ended:rate5m");
            await(() -> !prometheus.query("instance:ferry_tasks_ended:rate5m{state=\"finished\"}").isEmpty(),
                    "the recording rule's first value", prometheus);
            assertThat(prometheus.query("ALERTS{alertname=\"FerryDisconnectedFromMesos\"}")).isEmpty();

            // Every expression of the Grafana dashboard is valid PromQL that this Prometheus answers, with the
            // dashboard's variables as Grafana would fill them in; most have data already.
            int withData = 0;
            List<String> expressions = GrafanaDashboardTest.expressions(
                    JSON.readTree(Files.readString(GrafanaDashboardTest.DASHBOARD)));
            for (String expr : expressions) {
                if (expr.startsWith("label_values(")) {
                    continue; // Grafana's, not PromQL
                }
                String promql = expr.replace("$__rate_interval", "1m").replace("$instance", ".*");
                if (!prometheus.query(promql).isEmpty()) {
                    withData++;
                }
            }
            assertThat(withData).as("dashboard expressions with data").isGreaterThan(expressions.size() / 2);
        }
    }

    private static String launchHelloSamples(TestHttpClient client, int count) throws Exception {
        var response = client.postJson("/api/samples", "{\"kind\":\"hello\",\"count\":" + count + "}",
                "Authorization", TestHttpClient.basic("operator", ApiTest.PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("batch").asString();
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static void await(Callable<Boolean> condition, String what, PrometheusServer prometheus)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out (" + WAIT + ") waiting for " + what + "; Prometheus' log:\n"
                        + prometheus.log());
            }
            Thread.sleep(200);
        }
    }
}
