package io.ferry.scheduler;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.http.PipelinedHttp;
import io.ferry.wire.http.StreamingPost;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the v1 scheduler API (docs/mesos-notes.md §1, §2): one persistent SUBSCRIBE stream, and every
 * other call POSTed on other keep-alive connections with the stream's {@code Mesos-Stream-Id}. The SUBSCRIBE is
 * made, and its redirects followed, on a thread of its own; its events are then decoded and parsed on the HTTP
 * client's event loop as they come.
 *
 * <p>It knows bytes, headers and redirects, not scheduling: events go to a {@link Listener}, which must not block
 * (it {@link #pause}s the stream when it falls behind).
 * One instance serves one subscription; reconnecting means a new instance (so a late event of an old stream can
 * never be mistaken for one of the new stream).
 */
final class MasterConnection implements AutoCloseable {

    /** Receives what the stream brings: events on the HTTP client's event loop, the close on any thread; quick. */
    interface Listener {
        void onEvent(MasterConnection connection, Event event);

        void onClosed(MasterConnection connection, String reason);
    }

    /** A call the master refused, that never reached it, or that reached it and got no answer. */
    static final class CallFailedException extends IOException {
        private final int status;
        private final boolean maybeHandled;

        CallFailedException(int status, String message) {
            this(status, message, false);
        }

        CallFailedException(int status, String message, boolean maybeHandled) {
            super(message);
            this.status = status;
            this.maybeHandled = maybeHandled;
        }

        /** The HTTP status, or 0 when no answer came. */
        int status() {
            return status;
        }

        /** Written but unanswered: the master may have handled the call (e.g. launched an ACCEPT's tasks). */
        boolean maybeHandled() {
            return maybeHandled;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(MasterConnection.class);
    /** 307s are followed at most this often in a row: two masters pointing at each other must not loop forever. */
    private static final int MAX_REDIRECTS = 5;
    /** Events carry task results (TaskStatus.data); a frame larger than this is corrupt. Documented in the README. */
    static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

    /**
     * Calls that steer offers keep the order they were made in: a SUPPRESS must not overtake the REVIVE before it.
     * They share one pipelined connection, whose requests the master handles in order; acknowledgements and the
     * rest go on another, so that a large ACCEPT never delays them.
     */
    private static final java.util.Set<Call.Type> ORDERED = java.util.EnumSet.of(Call.Type.ACCEPT,
            Call.Type.DECLINE, Call.Type.REVIVE, Call.Type.SUPPRESS, Call.Type.TEARDOWN);

    private final String authorization;
    /** How long SUBSCRIBE may take to connect and to get its answer's head (the stream itself has a watchdog). */
    private final Duration callTimeout;
    /**
     * Calls other than SUBSCRIBE. Their callbacks (in {@link #send} and its callers) run on the HTTP client's event
     * loop, which serves every connection: they only turn the answer into an outcome, log, and hand work to the
     * scheduler's loop, never blocking.
     */
    private final PipelinedHttp orderedCalls;
    private final PipelinedHttp otherCalls;
    private volatile URI endpoint;
    /** The headers of every call but SUBSCRIBE, with the stream's id; null until subscribed. */
    private volatile Map<String, String> callHeaders;
    /** The stream's socket, or the stream once it is open: what {@link #close()} closes to end a read. */
    private volatile java.io.Closeable stream;
    /** The reading of the stream once it is open; null before. */
    private volatile StreamingPost.Flow flow;
    /** Guards the single onClosed. */
    private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    /** Why {@link #close(String)} was called: the reason the listener hears, rather than how the read then failed. */
    private volatile String closedBecause;
    private volatile long lastEventNanos = System.nanoTime();

    MasterConnection(URI master, String principal, String secret, Duration callTimeout) {
        this.endpoint = master.resolve(MesosHttp.SCHEDULER_PATH);
        this.authorization = principal == null || principal.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (principal + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
        this.callTimeout = callTimeout;
        this.orderedCalls = new PipelinedHttp("ferry-call-ordered", callTimeout);
        this.otherCalls = new PipelinedHttp("ferry-call", callTimeout);
    }

    /**
     * Opens the subscription on a new thread and returns at once; events and the end of the stream reach
     * {@code listener}. A 307 is followed to the leading master named in {@code Location}.
     */
    void open(Call subscribe, Listener listener, Executor readerThread) {
        readerThread.execute(() -> {
            String reason;
            try {
                reason = subscribe(subscribe, listener);
            } catch (Exception e) {
                reason = describe(e);
            }
            if (reason != null) {
                ended(listener, reason);
            }
        });
    }

    /** Tells the listener once that the stream ended, with the reason {@link #close(String)} gave if it was called. */
    private void ended(Listener listener, String reason) {
        String because = closedBecause;
        closed = true;
        if (told.compareAndSet(false, true)) {
            listener.onClosed(this, because != null ? because : reason);
        }
    }

    /** Reads no more events until {@link #resume}: they wait in TCP's buffers and the master's. Any thread. */
    void pause() {
        StreamingPost.Flow f = flow;
        if (f != null) {
            f.pause();
        }
    }

    /** Reads events again after {@link #pause}. Any thread. */
    void resume() {
        StreamingPost.Flow f = flow;
        if (f != null) {
            f.resume();
        }
    }

    /**
     * Subscribes, following redirects; returns why the stream ended before it began, or null once it streams (its
     * end then reaches the listener from the event loop).
     */
    private String subscribe(Call subscribe, Listener listener) throws IOException, InterruptedException {
        byte[] body = subscribe.toByteArray();
        for (int redirects = 0; ; redirects++) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("Content-Type", MesosHttp.PROTOBUF);
            headers.put("Accept", MesosHttp.PROTOBUF);
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            StreamingPost.Response response = StreamingPost.post(endpoint, headers, body, callTimeout,
                    socket -> {
                        stream = socket;
                        if (closed) {
                            close(); // close() ran before the socket was known: close it now
                        }
                    });
            if (closed) {
                response.body().close();
                return "closed";
            }
            if (response.status() == 307 && redirects < MAX_REDIRECTS) {
                response.body().close();
                String location = response.header("Location")
                        .orElseThrow(() -> new IOException("307 from " + endpoint + " without a Location header"));
                endpoint = leaderEndpoint(endpoint, location);
                log.info("Master is not the leader; following the redirect to {}", endpoint);
                continue;
            }
            if (response.status() != 200) {
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readNBytes(2048), StandardCharsets.UTF_8).trim();
                }
                return "SUBSCRIBE to " + endpoint + " answered " + response.status()
                        + (text.isEmpty() ? "" : ": " + text);
            }
            // Whatever ends the stream below (its end, a bad record, a listener's exception) closes its socket,
            // so that the master sees the framework go at once rather than when the socket is collected.
            InputStream events = response.body();
            String streamId = response.header(MesosHttp.STREAM_ID).orElse(null);
            String type = response.header("Content-Type").orElse("");
            if (streamId == null) {
                events.close();
                throw new IOException("SUBSCRIBE response from " + endpoint + " has no " + MesosHttp.STREAM_ID
                        + " header");
            }
            callHeaders = authorization == null
                    ? Map.of("Content-Type", MesosHttp.PROTOBUF, MesosHttp.STREAM_ID, streamId)
                    : Map.of("Content-Type", MesosHttp.PROTOBUF, MesosHttp.STREAM_ID, streamId,
                            "Authorization", authorization);
            if (!type.startsWith(MesosHttp.PROTOBUF)) {
                events.close();
                return "SUBSCRIBE response has content type '" + type + "', expected " + MesosHttp.PROTOBUF;
            }
            stream = events;
            if (closed) {
                events.close();
                return "closed";
            }
            flow = response.records(MAX_EVENT_BYTES, new StreamingPost.Records() {
                /** A record that is no Event: its own error names the stream's end, not the wrapper's. */
                private IOException unparsable;

                @Override
                public void record(byte[] record) {
                    lastEventNanos = System.nanoTime();
                    Event event;
                    try {
                        event = parse(record);
                    } catch (IOException e) {
                        unparsable = e;
                        throw new java.io.UncheckedIOException(e);
                    }
                    listener.onEvent(MasterConnection.this, event);
                }

                @Override
                public void ended(IOException why) {
                    IOException cause = unparsable != null ? unparsable : why;
                    MasterConnection.this.ended(listener, cause == null ? "the master closed the event stream"
                            : describe(cause));
                }
            });
            return null;
        }
    }

    /**
     * Parses an event with its bytes fields sharing {@code record} instead of copying it: a task's result
     * (TaskStatus.data) is read straight from the record. The record is fresh from the reader and never written to;
     * protobuf aliases only a buffer it is told is immutable, which a wrapped ByteString's input is.
     */
    static Event parse(byte[] record) throws IOException {
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(record).newCodedInput();
        in.enableAliasing(true);
        Event event = Event.parseFrom(in);
        in.checkLastTagWas(0);
        return event;
    }

    /**
     * The master's {@code Location} is protocol-relative ({@code //host:port/api/v1/scheduler}, §1.2); the
     * documentation's example has no slashes at all. Both are resolved against the current endpoint.
     */
    static URI leaderEndpoint(URI current, String location) {
        String l = location.trim();
        URI target;
        if (l.startsWith("//")) {
            target = URI.create(current.getScheme() + ":" + l);
        } else if (l.contains("://")) {
            target = URI.create(l);
        } else {
            target = URI.create(current.getScheme() + "://" + l);
        }
        String path = target.getRawPath();
        return target.resolve(path == null || path.isEmpty() || path.equals("/") ? MesosHttp.SCHEDULER_PATH : path);
    }

    /**
     * POSTs a call (anything but SUBSCRIBE) with this stream's id. Completes normally on 202 (or 200), and
     * exceptionally with a {@link CallFailedException} otherwise.
     */
    CompletableFuture<Void> send(Call call) {
        Map<String, String> headers = callHeaders;
        if (headers == null) {
            return CompletableFuture.failedFuture(new CallFailedException(0, "not subscribed yet"));
        }
        // Only the type is kept for the answer: the call itself (an ACCEPT carries its tasks) can go once encoded.
        Call.Type type = call.getType();
        return (ORDERED.contains(type) ? orderedCalls : otherCalls)
                .post(endpoint, headers, call.toByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null ? error.getCause() : error;
                        throw new java.util.concurrent.CompletionException(new CallFailedException(0,
                                type + " to " + endpoint + " failed: " + describe(error),
                                cause instanceof PipelinedHttp.UnansweredException));
                    }
                    int status = response.status();
                    if (status != 202 && status != 200) {
                        throw new java.util.concurrent.CompletionException(new CallFailedException(status,
                                type + " answered " + status + ": " + response.body().trim()));
                    }
                    return null;
                });
    }

    /** Nanos (System.nanoTime) of the last event read, heartbeats included. */
    long lastEventNanos() {
        return lastEventNanos;
    }

    URI endpoint() {
        return endpoint;
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the stream: the listener hears {@code onClosed} with "closed". */
    @Override
    public void close() {
        close("closed");
    }

    /** Closes the stream; the listener hears {@code onClosed} with {@code because} (the first reason given). */
    void close(String because) {
        if (closedBecause == null) {
            closedBecause = because;
        }
        closed = true;
        orderedCalls.close();
        otherCalls.close();
        java.io.Closeable s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing the event stream", e);
            }
        }
    }

    static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
