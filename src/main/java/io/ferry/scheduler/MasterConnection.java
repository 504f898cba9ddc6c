package io.ferry.scheduler;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.PlainHttp;
import io.ferry.wire.PooledHttp;
import io.ferry.wire.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the v1 scheduler API (mesos-protocol.md §1, §2): one persistent SUBSCRIBE stream read on its
 * own thread, and every other call POSTed on other keep-alive connections with the stream's {@code Mesos-Stream-Id}.
 *
 * <p>It knows bytes, headers and redirects, not scheduling: events go to a {@link Listener}, which must not block.
 * One instance serves one subscription; reconnecting means a new instance (so a late event of an old stream can
 * never be mistaken for one of the new stream).
 */
final class MasterConnection implements AutoCloseable {

    /** Receives what the stream brings; called on the stream's reader thread. */
    interface Listener {
        void onEvent(MasterConnection connection, Event event);

        void onClosed(MasterConnection connection, String reason);
    }

    /** A call the master refused or that never reached it. */
    static final class CallFailedException extends IOException {
        private final int status;

        CallFailedException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when no answer came. */
        int status() {
            return status;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(MasterConnection.class);
    /** 307s are followed at most this often in a row: two masters pointing at each other must not loop forever. */
    private static final int MAX_REDIRECTS = 5;
    /** Events carry task results (TaskStatus.data); a frame larger than this is corrupt. Documented in the README. */
    static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

    /**
     * Calls that steer offers go out one at a time, in the order they were made: a SUPPRESS must not overtake
     * the REVIVE before it. Acknowledgements and the rest may go in parallel.
     */
    private static final java.util.Set<Call.Type> ORDERED = java.util.EnumSet.of(Call.Type.ACCEPT,
            Call.Type.DECLINE, Call.Type.REVIVE, Call.Type.SUPPRESS, Call.Type.TEARDOWN);

    private final HttpClient http;
    private final java.util.concurrent.ExecutorService ordered;
    private final java.util.concurrent.ExecutorService parallel;
    private final String authorization;
    private final Duration callTimeout;
    /** Calls other than SUBSCRIBE, over plain sockets ({@link PlainHttp}: no hand-off between threads per call). */
    private final PlainHttp calls;
    private volatile URI endpoint;
    private volatile String streamId;
    private volatile InputStream stream;
    private volatile boolean closed;
    private volatile long lastEventNanos = System.nanoTime();

    MasterConnection(HttpClient http, URI master, String principal, String secret, Duration callTimeout,
                     java.util.concurrent.ExecutorService ordered, java.util.concurrent.ExecutorService parallel) {
        this.http = Objects.requireNonNull(http, "http");
        this.ordered = Objects.requireNonNull(ordered, "ordered");
        this.parallel = Objects.requireNonNull(parallel, "parallel");
        this.endpoint = master.resolve(MesosHttp.SCHEDULER_PATH);
        this.authorization = principal == null || principal.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (principal + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
        this.callTimeout = callTimeout;
        this.calls = new PlainHttp(http, callTimeout);
    }

    /**
     * Opens the subscription on a new thread and returns at once; events and the end of the stream reach
     * {@code listener}. A 307 is followed to the leading master named in {@code Location}.
     */
    void open(Call subscribe, Listener listener, Executor readerThread) {
        readerThread.execute(() -> {
            String reason;
            try {
                reason = readStream(subscribe, listener);
            } catch (Exception e) {
                reason = describe(e);
            }
            closed = true;
            listener.onClosed(this, reason);
        });
    }

    private String readStream(Call subscribe, Listener listener) throws IOException, InterruptedException {
        byte[] body = subscribe.toByteArray();
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", MesosHttp.PROTOBUF)
                    .header("Accept", MesosHttp.PROTOBUF)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 307 && redirects < MAX_REDIRECTS) {
                response.body().close();
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new IOException("307 from " + endpoint + " without a Location header"));
                endpoint = leaderEndpoint(endpoint, location);
                log.info("Master is not the leader; following the redirect to {}", endpoint);
                continue;
            }
            if (response.statusCode() != 200) {
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readNBytes(2048), StandardCharsets.UTF_8).trim();
                }
                return "SUBSCRIBE to " + endpoint + " answered " + response.statusCode()
                        + (text.isEmpty() ? "" : ": " + text);
            }
            streamId = response.headers().firstValue(MesosHttp.STREAM_ID)
                    .orElseThrow(() -> new IOException("SUBSCRIBE answer from " + endpoint + " has no "
                            + MesosHttp.STREAM_ID + " header"));
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith(MesosHttp.PROTOBUF)) {
                response.body().close();
                return "SUBSCRIBE answer has content type '" + type + "', expected " + MesosHttp.PROTOBUF;
            }
            stream = response.body();
            if (closed) {
                stream.close();
                return "closed";
            }
            RecordIoReader reader = new RecordIoReader(stream, MAX_EVENT_BYTES);
            while (true) {
                byte[] record = reader.read();
                if (record == null) {
                    return "the master closed the event stream";
                }
                lastEventNanos = System.nanoTime();
                listener.onEvent(this, parse(record));
            }
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
        String id = streamId;
        if (id == null) {
            return CompletableFuture.failedFuture(new CallFailedException(0, "not subscribed yet"));
        }
        // Only the type is kept for the answer: the call itself (an ACCEPT carries its tasks) can go once encoded.
        Call.Type type = call.getType();
        Map<String, String> headers = authorization == null
                ? Map.of("Content-Type", MesosHttp.PROTOBUF, MesosHttp.STREAM_ID, id)
                : Map.of("Content-Type", MesosHttp.PROTOBUF, MesosHttp.STREAM_ID, id, "Authorization", authorization);
        return PooledHttp.post(calls, endpoint, headers, call.toByteArray(),
                        ORDERED.contains(type) ? ordered : parallel)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new java.util.concurrent.CompletionException(new CallFailedException(0,
                                type + " to " + endpoint + " failed: " + describe(error)));
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

    /** Closes the stream: the reader thread ends and the listener hears {@code onClosed}. */
    @Override
    public void close() {
        closed = true;
        calls.close();
        InputStream s = stream;
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
