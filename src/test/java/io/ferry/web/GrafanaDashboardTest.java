package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard ({@code ops/grafana/ferry-dashboard.json}) asks only for what Ferry exposes: every
 * metric name in every PromQL expression (panels and variables) is one a scrape of the running app has, a
 * histogram's {@code _bucket}, {@code _count} and {@code _sum} counting as exposed with their base. The list comes
 * from the app, never from this test. It also has what an import needs: a data source variable every panel uses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD,
        // The same properties as ApiTest's, so that these tests share its context and its local cluster.
        "ferry.security.api-token=test-api-token-0123456789"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("ops/grafana/ferry-dashboard.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)");
    /** PromQL's keywords, which look like names but are none. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    @LocalServerPort
    int port;

    @Test
    void everyMetricTheDashboardAsksForIsOneTheAppExposes() throws Exception {
        TestHttpClient client = new TestHttpClient(port);
        // A task first, so that the meters registered on first use (calls to the master by type) are there too.
        var launch = client.postJson("/api/samples", "{\"kind\":\"hello\",\"count\":1}",
                "Authorization", TestHttpClient.basic("operator", ApiTest.PASSWORD));
        assertThat(launch.statusCode()).as(launch.body()).isEqualTo(202);
        String batch = JSON.readTree(launch.body()).get("batch").asString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (JSON.readTree(client.get("/api/batches/" + batch).body()).get("done").asInt() < 1) {
            assertThat(System.nanoTime()).as("the sample done within 90 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        Set<String> exposed = exposedNames(client.get("/actuator/prometheus").body());

        Set<String> asked = new TreeSet<>();
        for (String expr : expressions(JSON.readTree(Files.readString(DASHBOARD)))) {
            asked.addAll(metricNames(expr));
        }
        assertThat(asked).as("metric names the dashboard's expressions ask for").hasSizeGreaterThan(20);
        assertThat(asked).allSatisfy(name -> assertThat(exposed).as("exposed by the app").contains(name));
    }

    @Test
    void theDashboardHasADataSourceVariableThatEveryPanelUses() throws Exception {
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        JsonNode variables = dashboard.get("templating").get("list");
        List<String> datasourceVariables = new ArrayList<>();
        for (JsonNode v : variables) {
            if ("datasource".equals(v.get("type").asString())) {
                assertThat(v.get("query").asString()).isEqualTo("prometheus");
                datasourceVariables.add(v.get("name").asString());
            }
        }
        assertThat(datasourceVariables).containsExactly("datasource");
        assertThat(dashboard.get("uid").asString()).isNotBlank();
        List<String> rows = new ArrayList<>();
        int queried = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            if ("row".equals(panel.get("type").asString())) {
                rows.add(panel.get("title").asString());
                continue;
            }
            assertThat(panel.get("datasource").get("uid").asString()).as(panel.get("title").asString())
                    .isEqualTo("${datasource}");
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
                queried++;
            }
        }
        assertThat(rows).containsExactly("Overview", "Throughput", "Latency", "Failures", "Offers", "Connection",
                "Executors");
        assertThat(queried).isGreaterThan(30);
        assertThat(expressions(dashboard)).anyMatch(e -> e.startsWith("histogram_quantile(0.99"));
    }

    @Test
    void metricNamesAreReadOutOfPromQl() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, type) (rate(ferry_mesos_calls_seconds_bucket"
                + "{instance=~\"$instance\", outcome=\"success\"}[$__rate_interval])))"))
                .containsExactly("ferry_mesos_calls_seconds_bucket");
        assertThat(metricNames("sum(rate(a_total{state=~\"x|y\"}[5m])) / sum(rate(b_total{s!=\"z\"}[5m])) > bool 0"))
                .containsExactlyInAnyOrder("a_total", "b_total");
        assertThat(metricNames("label_values(ferry_mesos_subscribed, instance)"))
                .containsExactly("ferry_mesos_subscribed");
        assertThat(exposedNames("# TYPE x_seconds histogram\nx_seconds_bucket{le=\"1\"} 0\nup_total 3\n"))
                .contains("x_seconds", "x_seconds_bucket", "x_seconds_count", "x_seconds_sum", "up_total");
    }

    /** Every PromQL expression of the dashboard: panels' targets, and the variables' queries. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        collect(dashboard.get("panels"), out);
        for (JsonNode v : dashboard.get("templating").get("list")) {
            if ("query".equals(v.get("type").asString())) {
                JsonNode query = v.get("query");
                out.add(query.isObject() ? query.get("query").asString() : query.asString());
            }
        }
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getKey().equals("expr")) {
                    out.add(field.getValue().asString());
                } else {
                    collect(field.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, out);
            }
        }
    }

    /**
     * The metric names in a PromQL expression: what is left once strings, label matchers, ranges, grouping
     * clauses, numbers, keywords and function calls are taken out. Grafana's {@code label_values(metric, label)}
     * names its metric first.
     */
    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(expr);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ")
                .replaceAll("(?<![a-zA-Z_:])[0-9][0-9.eE+-]*", " ");
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            String name = m.group();
            boolean call = s.substring(m.end()).matches("(?s)\\s*\\(.*");
            if (!call && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The names of the samples of a scrape, and of its histograms with their series. */
    static Set<String> exposedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().toList()) {
            Matcher type = TYPE.matcher(line);
            if (type.find() && type.group(2).equals("histogram")) {
                String base = type.group(1);
                names.addAll(List.of(base, base + "_bucket", base + "_count", base + "_sum"));
            }
            Matcher sample = SAMPLE.matcher(line);
            if (sample.find()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }
}
