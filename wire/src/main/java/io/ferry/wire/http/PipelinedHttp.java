package io.ferry.wire.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * POSTs of small calls (UPDATE, ACKNOWLEDGE, ACCEPT...) pipelined over HTTP/1.1: per (scheme, host, port) one
 * keep-alive connection at a time (a {@link Lane}), on which all the calls queued so far are written back to back
 * with one flush, and the responses, which come in the order of the calls, complete the futures in that order.
 *
 * <p>Why: a task costs two calls; pipelined, one write carries many calls and one read many responses. The
 * server handles one connection's requests in order (libprocess does), so calls posted one after another here are
 * handled in that order too: an instance is an ordered lane, and a caller that needs two independent orders (the
 * scheduler: offers' calls, and acknowledgements) uses two instances.
 *
 * <p><b>Failures.</b> A call is never resent: when a connection breaks, responses garbage, or leaves a call
 * unanswered for the call timeout, every call written on it and not answered fails with an
 * {@link UnansweredException} and the caller decides (Mesos' calls are retransmitted by its protocol). Calls not
 * written yet go on a new connection. After a response with {@code Connection: close} (or an HTTP/1.0 one), the
 * calls written after it fail too: the server may have read them. A connection idle for {@link Lane#IDLE} is closed.
 *
 * <p><b>Callbacks</b> on the returned futures run on the client's event loop (see {@code ClientEventLoop}), which
 * serves every connection of this JVM's client: they must be quick and must never block (they only turn an
 * answer into an outcome, log, and hand work on). {@link #post} never blocks, so a callback may post: beyond
 * {@code depth} calls in flight, calls wait in the queue (which is unbounded: callers bound what they send).
 *
 * <p>{@code https} endpoints work the same way, through TLS. A handshake that fails (a certificate not trusted or
 * not for the host, no handshake within {@code SslHandler}'s 10 s) fails the calls with a plain IOException naming
 * the cause: TLS sends nothing before its handshake, so they were not sent.
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
    private final Duration timeout;
    private final int depth;
    private final CopyOnWriteArrayList<Lane> lanes = new CopyOnWriteArrayList<>();
    private volatile Lane last;
    private volatile boolean closed;

    /**
     * @param name    what errors call this client ("name closed")
     * @param timeout connect timeout, and how long calls in flight may go without a response
     */
    public PipelinedHttp(String name, Duration timeout) {
        this(name, timeout, DEFAULT_DEPTH);
    }

    /** As above, with at most {@code depth} calls in flight per connection ({@code 1}: no pipelining). */
    public PipelinedHttp(String name, Duration timeout, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1: " + depth);
        }
        this.name = name;
        this.timeout = timeout;
        this.depth = depth;
    }

    /**
     * POSTs {@code body}; {@code headers} are name/value pairs (Host and Content-Length are added). The future fails
     * with an IOException when no complete response came, and never blocks its completer (see the class comment).
     */
    public CompletableFuture<CallResponse> post(URI uri, Map<String, String> headers, byte[] body) {
        CompletableFuture<CallResponse> reply = new CompletableFuture<>();
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            reply.completeExceptionally(new IOException("not an http or https URL: " + uri));
            return reply;
        }
        lane(uri).post(new Lane.Call(uri, headers, body, reply));
        return reply;
    }

    /** Fails the calls queued or in flight ("name closed"); later posts fail at once. */
    @Override
    public void close() {
        closed = true;
        for (Lane lane : lanes) {
            lane.close(name + " closed");
        }
    }

    /** Calls written so far, over all lanes (tests wait on it). */
    long written() {
        return lanes.stream().mapToLong(Lane::written).sum();
    }

    private Lane lane(URI uri) {
        Lane l = last;
        if (l != null && l.serves(uri)) {
            return l;
        }
        synchronized (lanes) {
            for (Lane q : lanes) {
                if (q.serves(uri)) {
                    last = q;
                    return q;
                }
            }
            l = new Lane(uri, timeout, depth);
            lanes.add(l);
            last = l;
            if (closed) {
                l.close(name + " closed"); // close() ran before this lane was listed
            }
            return l;
        }
    }
}
