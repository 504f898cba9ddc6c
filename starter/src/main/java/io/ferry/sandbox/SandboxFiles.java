package io.ferry.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads files of a sandbox through the agent that has it (docs/mesos-notes.md §7): {@code /files/read} for pieces,
 * {@code /files/download} for a whole file as a stream. The path is the one the agent serves the file under (an
 * executor's sandbox directory and the file's name, or the virtual {@code /frameworks/…/runs/latest/…}); which paths
 * may be read is the caller's business. Every call is asynchronous and bounded by {@link #TIMEOUT}; a failure
 * completes the future with a {@link SandboxFileException}. Thread-safe.
 */
public final class SandboxFiles {

    /** How long an agent has to answer (for a download: to start answering). */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String authorization;

    /**
     * @param http      the client the calls go through
     * @param principal the framework's principal, sent with HTTP Basic to agents that want credentials; null or
     *                  blank for none
     * @param secret    the secret that goes with it
     */
    public SandboxFiles(HttpClient http, String principal, String secret) {
        this.http = http;
        this.authorization = principal == null || principal.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (principal + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
    }

    /** The file's size now: {@code /files/read} with offset -1 reads nothing and answers the size (§7). */
    public CompletableFuture<Long> size(String agentEndpoint, String path) {
        return get(agentEndpoint, "read", path, "&offset=-1").thenApply(FileChunk::offset);
    }

    /**
     * At most {@code length} bytes from {@code offset}; fewer at the end of the file, and never more than the agent
     * gives in one read (16 pages, 64 KiB on most hosts). Reading at the end gives no bytes.
     */
    public CompletableFuture<FileChunk> read(String agentEndpoint, String path, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        return get(agentEndpoint, "read", path, "&offset=" + offset + "&length=" + length);
    }

    /** The file's last {@code maxBytes} (or fewer, see {@link #read}): its size first, then the read. */
    public CompletableFuture<FileChunk> tail(String agentEndpoint, String path, long maxBytes) {
        return size(agentEndpoint, path).thenCompose(size -> {
            long offset = Math.max(0, size - maxBytes);
            return read(agentEndpoint, path, offset, size - offset);
        });
    }

    /**
     * The whole file, as a stream: the future completes once the agent said yes, and the body arrives as it is
     * read (the client asks for more only as the stream is read), so a file of any size passes through in little
     * memory. The caller closes it.
     */
    public CompletableFuture<FileDownload> download(String agentEndpoint, String path) {
        return send(request(agentEndpoint, "download", path, ""), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    InputStream body = response.body();
                    if (response.statusCode() != 200) {
                        close(body);
                        throw failed(agentEndpoint, "download", response.statusCode());
                    }
                    return new FileDownload(body, response.headers().firstValueAsLong("Content-Length").orElse(-1));
                });
    }

    private CompletableFuture<FileChunk> get(String agentEndpoint, String endpoint, String path, String query) {
        return send(request(agentEndpoint, endpoint, path, query), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw failed(agentEndpoint, endpoint, response.statusCode());
                    }
                    try {
                        return ReadAnswer.parse(response.body());
                    } catch (IllegalArgumentException e) {
                        throw new SandboxFileException("the agent at " + agentEndpoint + " gave an answer that "
                                + e.getMessage(), 0, e);
                    }
                });
    }

    private HttpRequest request(String agentEndpoint, String endpoint, String path, String query) {
        URI uri = URI.create("http://" + agentEndpoint + "/files/" + endpoint + "?path="
                + URLEncoder.encode(path, StandardCharsets.UTF_8) + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    /** The call, its failure to get any answer turned into a {@link SandboxFileException}. */
    private <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        return http.sendAsync(request, body).handle((response, error) -> {
            if (error == null) {
                return response;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof SandboxFileException e) {
                throw e;
            }
            throw new SandboxFileException("the agent at " + request.uri().getAuthority() + " did not answer: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    0, cause);
        });
    }

    private static SandboxFileException failed(String agentEndpoint, String endpoint, int status) {
        return new SandboxFileException("/files/" + endpoint + " of the agent at " + agentEndpoint + " answered "
                + status + (status == 404 ? " (no such file)" : ""), status, null);
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // The answer was an error already, and that is what the caller hears of.
        }
    }
}
