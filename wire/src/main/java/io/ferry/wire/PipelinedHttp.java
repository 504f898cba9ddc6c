package io.ferry.wire;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * POSTs of small calls (UPDATE, ACKNOWLEDGE, ACCEPT...) pipelined over HTTP/1.1: per (host, port) one connection
 * at a time, on which a writer thread sends all the calls queued so far back to back with one flush, and a reader
 * thread reads the responses, which come in the order of the calls, and completes the futures in that order.
 *
 * <p>Why: a task costs two calls, each of which used to be a write, a blocking read and a thread wake-up of its
 * own; system calls were most of the CPU a task cost. Pipelined, one write carries many calls and one read many
 * responses. The server handles one connection's requests in order (libprocess does), so calls posted one after
 * another here are handled in that order too.
 *
 * <p><b>Failures.</b> A call is never resent: when a connection breaks, responses garbage, or leaves a call
 * unanswered for the call timeout, every call written on it and not answered fails with an IOException and the
 * caller decides (Mesos' calls are retransmitted by its protocol). Calls not written yet go on a new connection.
 * After a response with {@code Connection: close} (or an HTTP/1.0 one), the calls written after it fail too: the
 * server may have read them. A connection idle for {@link Pipeline#IDLE} is closed, and its threads end.
 *
 * <p><b>Callbacks</b> on the returned futures run on the reader thread, which responses no other call meanwhile:
 * they must be quick, and must not wait for another response of this instance (the connection would then end
 * after the call timeout, failing its calls). {@link #post} never blocks, so a callback may post: beyond
 * {@code depth} calls in flight, calls wait in the queue (which is unbounded: callers bound what they send).
 *
 * <p>{@code https} endpoints go through {@code fallback} (its own threads and hand-offs; TLS is not worth a
 * second implementation here).
 */
public final class PipelinedHttp implements AutoCloseable {

    /**
     * A call that was written but got no response: unlike a call never sent, the server may have read and handled it
     * (a server handles a pipelined request as soon as it has read it).
     */
    public static final class UnansweredException extends IOException {
        UnansweredException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Calls written and not answered yet, per connection, beyond which the others wait in the queue. */
    public static final int DEFAULT_DEPTH = 512;

    private final String name;
    private final HttpClient fallback;
    private final Duration timeout;
    private final int depth;
    private final CopyOnWriteArrayList<Pipeline> pipelines = new CopyOnWriteArrayList<>();
    private volatile Pipeline last;
    private volatile boolean closed;

    /**
     * @param name    prefix of the threads' names ({@code name-w-host:port} writes, {@code name-r-host:port} reads)
     * @param timeout connect timeout, and how long calls in flight may go without a response
     */
    public PipelinedHttp(String name, HttpClient fallback, Duration timeout) {
        this(name, fallback, timeout, DEFAULT_DEPTH);
    }

    /** As above, with at most {@code depth} calls in flight per connection ({@code 1}: no pipelining). */
    public PipelinedHttp(String name, HttpClient fallback, Duration timeout, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1: " + depth);
        }
        this.name = name;
        this.fallback = fallback;
        this.timeout = timeout;
        this.depth = depth;
    }

    /**
     * POSTs {@code body}; {@code headers} are name/value pairs (Host and Content-Length are added). The future fails
     * with an IOException when no complete response came, and never blocks its completer (see the class comment).
     */
    public CompletableFuture<PlainHttp.Response> post(URI uri, Map<String, String> headers, byte[] body) {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return viaFallback(uri, headers, body);
        }
        CompletableFuture<PlainHttp.Response> reply = new CompletableFuture<>();
        pipeline(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort())
                .post(new Pipeline.Call(uri, headers, body, reply));
        return reply;
    }

    /** Fails the calls queued or in flight ("closed"), ends the threads; later posts fail at once. */
    @Override
    public void close() {
        closed = true;
        for (Pipeline p : pipelines) {
            p.close(name + " closed");
        }
    }

    private Pipeline pipeline(String host, int port) {
        Pipeline p = last;
        if (p != null && p.serves(host, port)) {
            return p;
        }
        synchronized (pipelines) {
            for (Pipeline q : pipelines) {
                if (q.serves(host, port)) {
                    last = q;
                    return q;
                }
            }
            p = new Pipeline(name, host, port, timeout, depth);
            pipelines.add(p);
            last = p;
            if (closed) {
                p.close(name + " closed"); // close() ran before this pipeline was listed
            }
            return p;
        }
    }

    private CompletableFuture<PlainHttp.Response> viaFallback(URI uri, Map<String, String> headers, byte[] body) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException(name + " closed: not sending POST " + uri));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return fallback.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new PlainHttp.Response(response.statusCode(), response.body()));
    }
}
