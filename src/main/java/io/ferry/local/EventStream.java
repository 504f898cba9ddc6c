package io.ferry.local;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import io.ferry.wire.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open response of a SUBSCRIBE call: a chunked body of RecordIO-framed events (mesos-protocol.md §1.3).
 *
 * <p>Senders never block: events are encoded on the caller's thread, queued, and written by one drain task at a
 * time on a shared pool, which writes everything queued so far and flushes once (many records per write when
 * events come fast). A failed write marks the stream broken and tells its owner once.
 */
final class EventStream {

    private final HttpExchange exchange;
    private final OutputStream body;
    private final Encoding encoding;
    private final Executor writers;
    private final ConcurrentLinkedQueue<byte[]> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closing;
    private volatile Runnable onBroken = () -> { };

    /** Sends the 200 headers; the caller has set Content-Type and any other header already. */
    EventStream(HttpExchange exchange, Encoding encoding, Executor writers) throws IOException {
        this.exchange = exchange;
        this.encoding = encoding;
        this.writers = writers;
        exchange.sendResponseHeaders(200, 0); // 0 = chunked
        this.body = exchange.getResponseBody();
    }

    Encoding encoding() {
        return encoding;
    }

    /** Called once, on a writer thread, when a write fails (the peer went away). Not called after {@link #close()}. */
    void onBroken(Runnable listener) {
        this.onBroken = listener;
    }

    boolean isOpen() {
        return !closing && !ended.get();
    }

    void send(Message event) {
        if (!isOpen()) {
            return;
        }
        pending.add(RecordIo.frame(encoding.print(event)));
        drainSoon();
    }

    /** Writes what is queued, then ends the response. */
    void close() {
        closing = true;
        drainSoon();
    }

    private void drainSoon() {
        if (draining.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RuntimeException rejected) {
                end(false);
            }
        }
    }

    private void drain() {
        while (true) {
            try {
                boolean wrote = false;
                byte[] record;
                while ((record = pending.poll()) != null) {
                    if (!ended.get()) {
                        body.write(record);
                        wrote = true;
                    }
                }
                if (wrote) {
                    body.flush();
                }
            } catch (IOException | RuntimeException e) {
                end(true);
            }
            if (closing && pending.isEmpty()) {
                end(false);
            }
            draining.set(false);
            boolean more = !pending.isEmpty() || (closing && !ended.get());
            if (!more || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void end(boolean broken) {
        if (ended.compareAndSet(false, true)) {
            pending.clear();
            try {
                exchange.close();
            } catch (RuntimeException ignored) {
                // the connection is gone anyway
            }
            if (broken && !closing) {
                onBroken.run();
            }
        }
    }
}
