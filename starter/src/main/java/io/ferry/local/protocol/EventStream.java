package io.ferry.local.protocol;

import com.google.protobuf.Message;
import io.ferry.local.http.LoopbackExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open response of a SUBSCRIBE call: a chunked body of RecordIO-framed events (docs/mesos-notes.md §1.3).
 *
 * <p>Senders never block: events are encoded on the caller's thread, queued, and written by one drain task at a
 * time on the connection's event loop, which writes everything queued so far and flushes once (many records per
 * write when events come fast). Written there, an event costs one hand-off (the sender's thread to the event
 * loop); a writer pool in between cost a second one per event. A client that does
 * not read makes the connection unwritable: the drain then stops, the events wait in the queue, and it goes on
 * once the client has read, or the connection closes after the stall timeout. A failed write marks the stream
 * broken and tells its owner once.
 *
 * <p><b>Heartbeats that probe.</b> A client that closes the stream is noticed by the server's event loop, which
 * closes the socket, but the stream only learns it from a write that fails. With plain heartbeats that takes up
 * to a heartbeat interval, during which the master keeps offering to a framework that is gone. So {@link #heartbeat}
 * writes each HEARTBEAT record a few bytes at a time over the interval, padded ({@link HeartbeatRecord}) so that
 * there is a byte to write every {@link #probePeriod}: a closed stream fails within about two probe periods.
 * RecordIO readers must accept records split anywhere (§1.3), and the record completes when the heartbeat is due,
 * so the client sees the same HEARTBEAT events as from Mesos. When an event is to be sent while a heartbeat record
 * is half written, the rest of the heartbeat goes first: the client then gets that HEARTBEAT early, before the
 * event, never one less than every interval.
 */
public final class EventStream {

    private final LoopbackExchange exchange;
    private final OutputStream body;
    private final Encoding encoding;
    private final Executor writers;
    private final ConcurrentLinkedQueue<byte[]> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean probeDue;
    private volatile Runnable onBroken = () -> { };
    private volatile ScheduledFuture<?> probes;
    // Heartbeat state, touched only by the one drain task running at a time:
    private Message heartbeat;
    private long intervalNanos;
    private long probeNanos;
    private long heartbeatDue;
    private byte[] trickle;
    private int trickled;

    /** Sends the 200 headers; the caller has set Content-Type and any other header already. */
    public EventStream(LoopbackExchange exchange, Encoding encoding) throws IOException {
        this.exchange = exchange;
        this.encoding = encoding;
        this.writers = exchange.eventLoop();
        exchange.sendResponseHeaders(200, 0); // 0 = chunked
        this.body = exchange.getResponseBody();
    }

    Encoding encoding() {
        return encoding;
    }

    /** Called once, on a writer thread, when a write fails (the peer went away). Not called after {@link #close()}. */
    public void onBroken(Runnable listener) {
        this.onBroken = listener;
    }

    boolean isOpen() {
        return !closing && !ended.get();
    }

    /**
     * Sends {@code event} (a HEARTBEAT) every {@code interval} from now on, trickled as the class comment says.
     * Call once, after the events that open the stream were queued.
     */
    public void heartbeat(Message event, Duration interval, ScheduledExecutorService timer) {
        // Set before the first probe is scheduled: scheduling, then the volatile probeDue, order these writes
        // before the drain that reads them.
        heartbeat = event;
        intervalNanos = interval.toNanos();
        probeNanos = probePeriod(interval).toNanos();
        heartbeatDue = System.nanoTime() + intervalNanos;
        try {
            probes = timer.scheduleAtFixedRate(() -> {
                probeDue = true;
                drainSoon();
            }, probeNanos, probeNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return; // the cluster is stopping
        }
        if (ended.get()) {
            probes.cancel(false);
        }
    }

    /** A byte every 250 ms at most, at least ten per interval, never more often than every 20 ms. */
    static Duration probePeriod(Duration interval) {
        long nanos = interval.toNanos() / 10;
        return Duration.ofNanos(Math.max(Duration.ofMillis(20).toNanos(),
                Math.min(Duration.ofMillis(250).toNanos(), nanos)));
    }

    public void send(Message event) {
        if (!isOpen()) {
            return;
        }
        pending.add(encoding.framed(event));
        drainSoon();
    }

    /** Writes what is queued, then ends the response. */
    public void close() {
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
            boolean stalled = false;
            try {
                boolean wrote = false;
                byte[] record;
                while (!ended.get() && (record = pending.peek()) != null) {
                    if (!exchange.writable()) {
                        stalled = true; // the client reads slower than events come: wait for it
                        break;
                    }
                    pending.poll();
                    if (trickle != null) {
                        body.write(trickle, trickled, trickle.length - trickled);
                        heartbeatSent(System.nanoTime());
                    }
                    body.write(record);
                    wrote = true;
                }
                if (!stalled && probeDue && !closing && !ended.get()) {
                    probeDue = false;
                    wrote |= trickleHeartbeat(System.nanoTime());
                }
                if (wrote) {
                    body.flush();
                }
            } catch (IOException | RuntimeException e) {
                end(true);
            }
            if (ended.get()) {
                pending.clear();
            } else if (closing && pending.isEmpty()) {
                end(false);
            }
            draining.set(false);
            if (stalled && !ended.get()) {
                exchange.whenWritable(this::drainSoon);
                return;
            }
            boolean more = !pending.isEmpty() || (closing && !ended.get());
            if (!more || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Writes the next bytes of the heartbeat record, so that it is complete when due. Returns whether it wrote. */
    private boolean trickleHeartbeat(long now) throws IOException {
        if (heartbeat == null) {
            return false;
        }
        long left = Math.max(0, heartbeatDue - now);
        long probesLeft = Math.max(1, (left + probeNanos - 1) / probeNanos);
        if (trickle == null) {
            trickle = HeartbeatRecord.padded(heartbeat, encoding, (int) Math.min(probesLeft, 4096));
            trickled = 0;
        }
        int remaining = trickle.length - trickled;
        int bytes = left == 0 ? remaining : (int) Math.max(1, Math.min(remaining, remaining / probesLeft));
        body.write(trickle, trickled, bytes);
        trickled += bytes;
        if (trickled == trickle.length) {
            heartbeatSent(now);
        }
        return true;
    }

    private void heartbeatSent(long now) {
        trickle = null;
        heartbeatDue = now + intervalNanos;
    }

    private void end(boolean broken) {
        if (ended.compareAndSet(false, true)) {
            pending.clear();
            ScheduledFuture<?> p = probes;
            if (p != null) {
                p.cancel(false);
            }
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
