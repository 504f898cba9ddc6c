package io.ferry.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}, or {@code -Dferry.test.prometheus=…}) on loopback, on a
 * free port, with its storage in a temporary directory, scraping the app with the scrape configuration the project
 * ships ({@code ops/prometheus/prometheus.yml}), its target and intervals changed for a test. Always killed by
 * {@link #close()}.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path SHIPPED_CONFIG = Path.of("ops/prometheus/prometheus.yml");
    static final Path SHIPPED_RULES = Path.of("ops/prometheus/ferry-rules.yml");
    static final Path SHIPPED_RULE_TESTS = Path.of("ops/prometheus/ferry-rules.test.yml");
    private static final String PROMETHEUS_PROPERTY = "ferry.test.prometheus";
    private static final String PROMTOOL_PROPERTY = "ferry.test.promtool";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static Path prometheus() {
        return Path.of(System.getProperty(PROMETHEUS_PROPERTY, "/usr/bin/prometheus"));
    }

    static Path promtool() {
        return Path.of(System.getProperty(PROMTOOL_PROPERTY, "/usr/bin/promtool"));
    }

    /** Runs a test class only where Prometheus and promtool are, else skips it, naming what is missing. */
    static final class Installed implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            boolean server = Files.isExecutable(prometheus());
            boolean tool = Files.isExecutable(promtool());
            if (server && tool) {
                return ConditionEvaluationResult.enabled("Prometheus and promtool are installed");
            }
            return ConditionEvaluationResult.disabled("needs Prometheus and promtool (Debian: apt-get install"
                    + " --no-install-recommends prometheus); missing: "
                    + (server ? "" : prometheus() + " (or -D" + PROMETHEUS_PROPERTY + "=…) ")
                    + (tool ? "" : promtool() + " (or -D" + PROMTOOL_PROPERTY + "=…)"));
        }
    }

    /**
     * Starts Prometheus scraping {@code target} (host:port) every second, with the shipped rules, and waits (at
     * most a minute) until it is ready.
     */
    static PrometheusServer start(String target, Path dir) throws IOException, InterruptedException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, testConfig(Files.readString(SHIPPED_CONFIG), target), StandardCharsets.UTF_8);
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(prometheus().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            server.awaitReady(Duration.ofMinutes(1));
            return server;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * The shipped configuration with the scrape job's target set to {@code target}, every interval one second (a
     * test waits for scrapes), and the rule file by its absolute path (the copy lives elsewhere).
     */
    @SuppressWarnings("unchecked")
    static String testConfig(String shipped, String target) {
        Yaml yaml = new Yaml();
        Map<String, Object> config = yaml.load(shipped);
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        List<String> rules = new ArrayList<>();
        for (String file : (List<String>) config.get("rule_files")) {
            rules.add(SHIPPED_CONFIG.toAbsolutePath().getParent().resolve(file).toString());
        }
        config.put("rule_files", rules);
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        Map<String, Object> ferry = jobs.stream().filter(j -> "ferry".equals(j.get("job_name"))).findFirst()
                .orElseThrow(() -> new AssertionError(SHIPPED_CONFIG + " has no job 'ferry'"));
        ferry.put("scrape_interval", "1s");
        ferry.put("scrape_timeout", "1s");
        ferry.put("static_configs", List.of(Map.of("targets", List.of(target))));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config);
    }

    /** What promtool said, and how it exited. */
    record ToolRun(int exit, String output) {
    }

    /** Runs promtool with {@code args} in {@code dir}, {@code input} (or nothing) on its standard input; a minute at most. */
    static ToolRun promtool(Path dir, Path input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process tool = builder.start();
        // Read before waiting: a full pipe would stall promtool.
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tool.waitFor(60, TimeUnit.SECONDS)) {
            tool.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not end within a minute:\n" + output);
        }
        return new ToolRun(tool.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.net.ConnectException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus not ready within " + limit + ":\n" + log());
            }
            Thread.sleep(100);
        }
    }

    /** The {@code data.result} of an instant query through the HTTP API. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("result");
    }

    /** The value of an instant query with one result, or NaN when it has none. */
    double value(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new AssertionError(promql + " has " + result.size() + " results: " + result);
        }
        return Double.parseDouble(result.get(0).get("value").get(1).asString());
    }

    /** The {@code data} of a GET of the HTTP API, which must answer success. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.get("status").asString())) {
            throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return body.get("data");
    }

    /** What Prometheus wrote so far, for a failure's message. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
