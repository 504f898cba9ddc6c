package io.ferry.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app as users run it: {@code java -jar target/ferry.jar}, a Spring Boot fat jar whose classes sit in nested
 * jars. Its executors must still find the app's classes (the samples) through the class endpoint, and a bad
 * property must stop it with one line on standard error and nothing else.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FatJarIT {

    private static final String TOKEN = "fat-jar-test-token-0123456789";
    private static final String PASSWORD = "fat-jar-password";
    private static final Path JAR = Path.of("target", "ferry.jar");

    @TempDir
    static Path work;
    static Process app;
    static int port;
    static Path log;

    @BeforeAll
    static void start() throws Exception {
        assertThat(JAR).as("the packaged app (run the build's package phase first)").isRegularFile();
        port = freePort();
        log = work.resolve("app.log");
        app = new ProcessBuilder(java(), "-Xmx512m", "-jar", JAR.toString(), "--server.port=" + port,
                "--ferry.executor.token=" + TOKEN, "--ferry.security.password=" + PASSWORD,
                "--ferry.local.work-dir=" + work.resolve("mesos"), "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("the app is running; its log:\n%s", logText()).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(url("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the app did not come up in 90 s; its log:\n" + logText());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void sampleTasksRunWithTheirClassesServedFromNestedJars() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        http.send(HttpRequest.newBuilder(url("/api/tasks")).build(), HttpResponse.BodyHandlers.discarding());
        String csrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        HttpResponse<String> launched = http.send(HttpRequest.newBuilder(url("/api/samples"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", csrf)
                .header("Authorization", basic("operator", PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"hello\",\"count\":2}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"(t[^\"]+)\"").matcher(launched.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).hasSize(2);

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(url("/api/tasks/" + ids.get(1))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("SUCCEEDED") || body.contains("FAILED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(body).as("task view; app log:\n%s", logText()).contains("\"result\":\"hi1\"");
    }

    @Test
    void theClassEndpointServesClassesOfTheAppAndOfNestedJarsWithTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String name : List.of("io.ferry.samples.HelloTask", "org.apache.mesos.v1.Protos$TaskID")) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url("/ferry/classes/" + name))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            assertThat(response.body()).as(name).startsWith(0xCA, 0xFE, 0xBA, 0xBE);
        }
        HttpResponse<byte[]> absent = http.send(HttpRequest.newBuilder(url("/ferry/classes/com.example.Absent"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(absent.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> config = http.send(HttpRequest.newBuilder(url("/ferry/classes/application.properties"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(config.statusCode()).isIn(400, 404);
    }

    /**
     * {@code /actuator/info} names the running build: artifact and version from the build, and the commit it was
     * built from when it was built from a git checkout (a source tarball has no .git, and no git section).
     */
    @Test
    void infoNamesTheBuildAndItsCommit() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("/actuator/info"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode info = JsonMapper.builder().build().readTree(response.body());
        assertThat(info.path("build").path("artifact").asString()).isEqualTo("ferry-app");
        String version = System.getProperty("ferry.version");
        assertThat(version).as("ferry.version, set by app.pom.xml's failsafe configuration").isNotBlank();
        assertThat(info.path("build").path("version").asString()).isEqualTo(version);
        assumeTrue(Files.exists(Path.of(".git")), "built without .git (a source tarball): the build wrote no"
                + " git.properties, so /actuator/info has no git section");
        JsonNode git = info.path("git");
        assertThat(git.path("commit").path("id").asString()).as(response.body()).matches("[0-9a-f]{10}");
        assertThat(git.path("commit").path("time").asString()).as(response.body()).isNotBlank();
        assertThat(git.path("branch").asString()).as(response.body()).isNotBlank();
        // Only what names the build: no committers' addresses, no remote URL (it may carry a token).
        assertThat(git.propertyNames()).containsOnly("branch", "commit");
        assertThat(git.path("commit").propertyNames()).containsOnly("id", "time");
    }

    /**
     * The whole of what a user sees: one line on standard error, nothing on standard output. Environment variables
     * of other programs (Kubernetes' service links for a service named ferry) are not taken for misspelt
     * properties, and Ferry's own set there are checked.
     */
    @Test
    void aBadPropertyStopsStartUpWithOneLineOnStandardErrorAndNothingElse() throws Exception {
        ProcessBuilder bad = new ProcessBuilder(java(), "-jar", JAR.toString(), "--server.port=0");
        bad.environment().put("FERRY_SERVICE_HOST", "10.0.0.1");
        bad.environment().put("FERRY_PORT", "tcp://10.0.0.1:8080");
        bad.environment().put("FERRY_LOCAL_AGENTS", "0");

        Outcome outcome = run(bad, "env");

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.out()).as("standard output").isEmpty();
        assertThat(outcome.err()).as("standard error").isEqualTo("Invalid Ferry configuration:"
                + " ferry.local.agents=0: must be greater than or equal to 1" + System.lineSeparator());
    }

    @Test
    void aMisspeltPropertyOfTheAppIsNamedWithTheOneMeant() throws Exception {
        Outcome outcome = run(new ProcessBuilder(java(), "-jar", JAR.toString(), "--server.port=0",
                "--ferry.security.pasword=s3cret"), "typo");

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.out()).as("standard output").isEmpty();
        assertThat(outcome.err()).as("standard error").isEqualTo("Invalid Ferry configuration:"
                + " ferry.security.pasword=(6 characters, not shown): no such property; did you mean"
                + " ferry.security.password?" + System.lineSeparator());
    }

    record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(ProcessBuilder builder, String name) throws Exception {
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the app did not stop within 60 s; its output:\n" + Files.readString(out)
                    + Files.readString(err));
        }
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
