package io.ferry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Ferry started the way Marathon starts {@code marathon/ferry.json}: its {@code cmd} run by {@code sh -c} in a
 * sandbox holding the fetched jar, with the definition's {@code env} and what Marathon adds ({@code HOST},
 * {@code PORT0}). It must serve on {@code PORT0}, and the agents must be told to reach it at
 * {@code http://$HOST:$PORT0}: the URL the Mesos fetcher downloads the executor from, which the executor's sandbox
 * {@code stderr} names ("Fetching URI …"), read back through Ferry's own API.
 *
 * <p>No Mesos is here, so the one thing changed in the definition is the master's URL: Ferry runs against a real
 * master and agent (Ferry's {@link LocalCluster}, the Mesos v1 HTTP APIs on loopback, in this test's JVM) instead of
 * {@code leader.mesos}. Ferry is then in its cluster mode, as on Marathon, where the default advertised URL would be
 * the host's name: only the definition's {@code --ferry.advertised-url} makes it {@code http://127.0.0.1:PORT0}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MarathonCommandIT {

    private static final String PASSWORD = "marathon-test-password";
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;
    private LocalCluster cluster;
    private Process ferry;
    private Path sandbox;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() throws Exception {
        if (ferry != null) {
            // SIGTERM, as Marathon's kill; the cmd execs java, so it reaches the JVM itself.
            ferry.destroy();
            if (!ferry.waitFor(60, TimeUnit.SECONDS)) {
                ferry.descendants().forEach(ProcessHandle::destroyForcibly);
                ferry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void ferryRunByTheDefinitionsCommandServesOnPort0AndAdvertisesHostAndPort0() throws Exception {
        JsonNode definition = MarathonDefinitions.read(MarathonDefinitions.COMMAND_DEFINITION);
        cluster = LocalCluster.start(LocalClusterSettings.defaults(work.resolve("cluster"))
                .withExecutorRecoveryTimeout(LocalClusterSettings.IN_PROCESS_EXECUTOR_RECOVERY_TIMEOUT));
        sandbox = Files.createDirectories(work.resolve("sandbox"));
        fetch(definition);
        port = freePort();

        ProcessBuilder command = new ProcessBuilder("sh", "-c", definition.path("cmd").asString())
                .directory(sandbox.toFile())
                .redirectOutput(sandbox.resolve("stdout").toFile())
                .redirectError(sandbox.resolve("stderr").toFile());
        marathonEnvironment(command.environment(), definition);
        ferry = command.start();

        await(() -> up("/actuator/health/liveness"), START, "liveness UP on PORT0");
        await(() -> up("/actuator/health/readiness"), Duration.ofSeconds(60),
                "readiness UP (subscribed to the master of FERRY_MESOS_MASTER)");

        // A task makes the agent fetch the executor from the advertised URL; its sandbox's stderr says from where.
        HttpResponse<String> launched = http.send(request("/api/samples")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"hello\",\"count\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
        String taskId = MarathonDefinitions.JSON.readTree(launched.body()).path("ids").get(0).asString();
        await(() -> get("/api/tasks/" + taskId).path("result").asString().equals("hi0"), Duration.ofSeconds(120),
                "task " + taskId + " done with its result");

        JsonNode executors = get("/api/executors");
        assertThat(executors).as(executors.toString()).hasSize(1);
        String executorId = executors.get(0).path("id").asString();
        String stderr = get("/api/executors/" + executorId + "/logs?file=stderr").path("data").asString();
        assertThat(stderr).contains("Fetching URI 'http://127.0.0.1:" + port + "/executor/ferry-executor.jar'");
    }

    /** What the Mesos fetcher does with the definition's one URI: the file, under its own name, in the sandbox. */
    private void fetch(JsonNode definition) throws IOException {
        assertThat(definition.path("fetch")).hasSize(1);
        String uri = definition.path("fetch").get(0).path("uri").asString();
        String name = URI.create(uri).getPath().replaceAll(".*/", "");
        assertThat(AppProcess.JAR).as("the packaged app (run the build's package phase first)").isRegularFile();
        Files.copy(AppProcess.JAR, sandbox.resolve(name));
    }

    /**
     * The environment of a task of Marathon's command executor: a Mesos agent's (a cleared environment with a
     * default PATH and the sandbox), the definition's {@code env}, and Marathon's {@code HOST} and ports.
     */
    private void marathonEnvironment(Map<String, String> env, JsonNode definition) {
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("MESOS_SANDBOX", sandbox.toString());
        env.putAll(MarathonDefinitions.env(definition));
        assertThat(env).containsKey("FERRY_MESOS_MASTER");
        // The one change to the definition: the master that is here instead of leader.mesos.
        env.put("FERRY_MESOS_MASTER", cluster.masterUrl().toString());
        env.put("HOST", "127.0.0.1");
        env.put("PORT0", Integer.toString(port));
        env.put("PORT", Integer.toString(port));
        env.put("PORTS", Integer.toString(port));
        env.put("MARATHON_APP_ID", definition.path("id").asString());
        // What an operator adds for the agents: where java is (this JVM's, for the cmd and for the executors),
        // and the operator's password, which belongs in a secret, not in the definition.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("FERRY_EXECUTOR_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("FERRY_SECURITY_PASSWORD", PASSWORD);
    }

    private boolean up(String path) {
        assertThat(ferry.isAlive()).as("Ferry is running; its sandbox's stdout and stderr:\n%s", output()).isTrue();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            return MarathonDefinitions.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed; Ferry's output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                System.out.printf("marathon-it: %s after %d ms%n", what,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what + "; Ferry's output:\n"
                + output());
    }

    private String output() {
        StringBuilder text = new StringBuilder();
        for (String file : new String[] {"stdout", "stderr"}) {
            Path path = sandbox.resolve(file);
            try {
                text.append("--- ").append(file).append('\n')
                        .append(Files.exists(path) ? Files.readString(path) : "(none)").append('\n');
            } catch (IOException e) {
                text.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return text.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
