package io.ferry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged app ({@code target/ferry.jar}) run as users run it, in local mode, as a process of its own: started,
 * asked over its JSON API, stopped cleanly (SIGTERM) or killed ({@code kill -9}). Every wait is bounded.
 */
final class AppProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "ferry.jar");
    static final Duration START = Duration.ofSeconds(120);
    private static final String PASSWORD = "local-mode-password";
    private static final Pattern WORK_DIR = Pattern.compile("Local mode: .* work directory (\\S+)");

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Starts the app in local mode with one agent; {@code tmp} is its {@code java.io.tmpdir}, where its temporary
     * work directory goes (and where it looks for those of dead runs), so that a test sees only its own apps'.
     */
    static AppProcess start(Path tmp, Path log) throws IOException {
        assertThat(JAR).as("the packaged app (run the build's package phase first)").isRegularFile();
        int port = freePort();
        Process process = new ProcessBuilder(java(), "-Xmx384m", "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toString(),
                "--server.port=" + port, "--ferry.security.password=" + PASSWORD, "--ferry.local.agents=1",
                "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new AppProcess(process, log, port);
    }

    /** Waits until the app reports itself up (health UP: the scheduler subscribed to the embedded master). */
    AppProcess awaitUp() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        await(() -> {
            assertThat(process.isAlive()).as("the app is running; its log:\n%s", log()).isTrue();
            try {
                return plain.send(HttpRequest.newBuilder(url("/actuator/health")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\"");
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, START, "the app up");
        return this;
    }

    Process process() {
        return process;
    }

    /** Its work directory, as its start-up line names it. */
    Path workDir() {
        Matcher m = WORK_DIR.matcher(log());
        assertThat(m.find()).as("the local-mode line in the log:\n%s", log()).isTrue();
        return Path.of(m.group(1));
    }

    /** Launches sample tasks ({@code POST /api/samples}); returns their ids. */
    List<String> launch(String sampleJson) throws Exception {
        http.send(HttpRequest.newBuilder(url("/api/tasks")).build(), HttpResponse.BodyHandlers.discarding());
        String csrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        HttpResponse<String> launched = http.send(HttpRequest.newBuilder(url("/api/samples"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", csrf)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(sampleJson)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"(t[^\"]+)\"").matcher(launched.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** {@code GET /api/tasks/{id}}: the task's JSON view. */
    String task(String id) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/api/tasks/" + id)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The executor JVMs among the app's descendants: processes running {@code ferry-executor.jar}. */
    List<ProcessHandle> executorJvms() {
        return process.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("ferry-executor.jar"))
                .toList();
    }

    /** {@code kill -9}: the app gets no chance to clean anything up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed app is gone").isTrue();
    }

    /** A clean stop (SIGTERM: Spring Boot closes the context); waits for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the app stopped within 60 s; its log:\n%s", log())
                .isTrue();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** After a failed test: whatever is still running goes, the app's executors with it. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Polls {@code condition} every 100 ms until it holds; fails after {@code limit}. */
    static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("%s within %s", what, limit).isNegative();
            Thread.sleep(100);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
