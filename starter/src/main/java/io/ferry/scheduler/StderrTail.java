package io.ferry.scheduler;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the last lines of a file in an executor's sandbox through the agent's {@code /files/read}
 * (docs/mesos-notes.md §7), as on any Mesos agent: first its size ({@code offset=-1}), then at most
 * {@link #MAX_BYTES} from its end. Off the loop: the answer is a future.
 */
final class StderrTail {

    /** What is kept of a file's end: enough for a JVM's complaint or the last log lines, small enough for a message. */
    static final int MAX_BYTES = 4096;
    static final int MAX_LINES = 20;
    /** A line longer than this is cut (a stack trace line rarely is; a binary file's "line" may be). */
    private static final int MAX_LINE = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The last lines of the file, or why they could not be read. */
    record Tail(List<String> lines, String problem) {
        static Tail failed(String problem) {
            return new Tail(List.of(), problem);
        }
    }

    private final HttpClient http;
    private final String authorization;

    /** {@code principal} and {@code secret}: the framework's credentials, sent to agents that ask for them. */
    StderrTail(HttpClient http, String principal, String secret) {
        this.http = http;
        this.authorization = principal == null || principal.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (principal + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
    }

    /** The last lines of {@code path} on the agent at {@code endpoint} ({@code host:port}); never fails. */
    CompletableFuture<Tail> read(String endpoint, String path) {
        return get(endpoint, path, -1, -1).thenCompose(size -> {
            long offset = Math.max(0, size.offset() - MAX_BYTES);
            return get(endpoint, path, offset, size.offset() - offset)
                    .thenApply(read -> new Tail(lines(read.data(), offset > 0), null));
        }).exceptionally(e -> Tail.failed(MasterConnection.describe(e)));
    }

    private record Read(String data, long offset) {
    }

    private CompletableFuture<Read> get(String endpoint, String path, long offset, long length) {
        URI uri = URI.create("http://" + endpoint + "/files/read?path="
                + URLEncoder.encode(path, StandardCharsets.UTF_8) + "&offset=" + offset
                + (length >= 0 ? "&length=" + length : ""));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/files/read answered " + response.statusCode()
                        + (response.statusCode() == 404 ? " (no such file)" : ""));
            }
            JsonNode json = JSON.readTree(response.body());
            return new Read(json.path("data").asString(""), json.path("offset").asLong(-1));
        });
    }

    /** The last {@link #MAX_LINES} non-blank lines; the first is dropped when the read began mid-file (partial). */
    static List<String> lines(String data, boolean partialFirst) {
        String[] all = data.split("\r?\n");
        List<String> lines = new ArrayList<>();
        for (int i = partialFirst ? 1 : 0; i < all.length; i++) {
            String line = all[i].stripTrailing();
            if (!line.isEmpty()) {
                lines.add(line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "…");
            }
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    }
}
