package io.ferry.web.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The connected clients, the newest frame of each type (what a new client gets at once), and the writer threads.
 *
 * <p>{@link #publish} and {@link #sweep} run on the publisher thread and never block: they put frames in mailboxes
 * and hand mailboxes to the writers. The writers are a fixed pool, not a thread per client; each client is drained
 * by at most one writer at a time, and its queue entry is at most one, so the pool's queue is bounded by the number
 * of clients. A write blocks while the browser's socket buffers are full: a client whose write has been stuck for
 * {@link Limits#stall()} is dropped, and its writer is freed when the write fails (the container's write timeout,
 * or the browser going away).
 */
final class LiveClients {

    static final String CLIENTS = "ferry.dashboard.clients";
    static final String DROPPED = "ferry.dashboard.clients.dropped";
    static final String REFUSED = "ferry.dashboard.clients.refused";
    static final String EVENTS_SENT = "ferry.dashboard.events.sent";
    /** Characters of JSON written: the name says characters, not bytes, because that is what is counted (the same
     * for ASCII JSON). In Prometheus: {@code ferry_dashboard_events_data_characters_total}. */
    static final String DATA_SENT = "ferry.dashboard.events.data";
    static final String STREAM_OVERFLOWS = "ferry.dashboard.stream.overflows";
    static final String STREAM_WINDOWS = "ferry.dashboard.stream.windows";

    private static final Logger log = LoggerFactory.getLogger(LiveClients.class);

    /**
     * @param maxClients    connections served at once; more are refused (503), and their browsers retry
     * @param stall         how long one write may stay stuck before its client is dropped
     * @param keepAlive     how often an idle connection gets a comment, so that a vanished browser is noticed
     * @param writerThreads writers: a stuck write holds one until it fails, so more than one
     */
    record Limits(int maxClients, Duration stall, Duration keepAlive, int writerThreads) {
    }

    private final Limits limits;
    private final Object lock = new Object();
    private final Set<LiveClient> clients = new LinkedHashSet<>();
    private final Map<String, Frame> latest = new LinkedHashMap<>();
    private final ThreadPoolExecutor writers;
    private final Counter dropped;
    private final Counter refused;
    private final Counter bytesSent;
    private final Counter overflows;
    private final Counter windows;
    private final Map<String, Counter> eventsSent = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final LiveClient.Sent sent = new LiveClient.Sent() {
        @Override
        public void frame(Frame frame) {
            eventsSent.computeIfAbsent(frame.type(), type -> Counter.builder(EVENTS_SENT).tag("type", type)
                    .description("Dashboard events written to clients").register(meters)).increment();
            bytesSent.increment(frame.json() == null ? 0 : frame.json().length());
        }

        @Override
        public void overflow() {
            overflows.increment();
        }
    };
    private boolean closed;
    private long lastKeepAlive = System.nanoTime();

    LiveClients(Limits limits, MeterRegistry meters) {
        this.limits = limits;
        this.meters = meters;
        AtomicInteger threads = new AtomicInteger();
        writers = new ThreadPoolExecutor(limits.writerThreads(), limits.writerThreads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ferry-live-writer-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Gauge.builder(CLIENTS, this, LiveClients::size).description("Dashboard event stream clients connected")
                .register(meters);
        dropped = Counter.builder(DROPPED).tag("reason", "slow")
                .description("Dashboard clients dropped because a write to them stayed stuck").register(meters);
        refused = Counter.builder(REFUSED).description("Dashboard clients refused: too many connected")
                .register(meters);
        bytesSent = Counter.builder(DATA_SENT).baseUnit("characters")
                .description("Characters of event data written to dashboard clients").register(meters);
        overflows = Counter.builder(STREAM_OVERFLOWS)
                .description("Dashboard clients that fell too far behind the task stream's diffs").register(meters);
        windows = Counter.builder(STREAM_WINDOWS)
                .description("Task stream windows sent to dashboard clients (on connecting, or to catch up)")
                .register(meters);
    }

    /**
     * Registers a client and queues the newest frame of each type for it.
     *
     * @return the client, or null when there are {@link Limits#maxClients()} already (or the app is stopping)
     */
    LiveClient open(SseEmitter emitter) {
        LiveClient client = new LiveClient(emitter, sent);
        synchronized (lock) {
            if (closed || clients.size() >= limits.maxClients()) {
                refused.increment();
                return null;
            }
            clients.add(client);
            latest.values().forEach(frame -> offer(client, frame));
        }
        return client;
    }

    /**
     * Sends a frame to every client, and keeps it for clients that connect later (but a task stream diff: a new
     * client gets the window instead). Never blocks.
     */
    void publish(Frame frame) {
        synchronized (lock) {
            if (!frame.type().equals(LiveClient.STREAM)) {
                latest.put(frame.type(), frame);
            }
            clients.forEach(client -> offer(client, frame));
        }
    }

    /** Whether any client waits for the task stream's window: then the publisher makes one. Never blocks. */
    boolean anyNeedsWindow() {
        synchronized (lock) {
            return clients.stream().anyMatch(LiveClient::needsWindow);
        }
    }

    /** Hands the task stream's window to every client that waits for it. Never blocks. */
    void sendWindow(Frame window) {
        synchronized (lock) {
            for (LiveClient client : clients) {
                if (client.needsWindow()) {
                    windows.increment();
                    if (client.offerWindow(window)) {
                        drain(client);
                    }
                }
            }
        }
    }

    /** Drops the clients whose write is stuck, and tests idle connections now and then. Never blocks. */
    void sweep(long nowNanos) {
        List<LiveClient> stuck = new ArrayList<>();
        synchronized (lock) {
            for (LiveClient client : clients) {
                if (client.writingFor(nowNanos) > limits.stall().toNanos()) {
                    stuck.add(client);
                }
            }
            if (nowNanos - lastKeepAlive > limits.keepAlive().toNanos()) {
                lastKeepAlive = nowNanos;
                Frame keepAlive = Frame.keepAlive();
                clients.forEach(client -> offer(client, keepAlive));
            }
        }
        for (LiveClient client : stuck) {
            dropped.increment();
            log.info("Dropped a dashboard client: a write to it was stuck for more than {} s",
                    limits.stall().toSeconds());
            remove(client);
        }
    }

    /** Forgets a client and closes its mailbox (its writer completes its emitter). Any thread. */
    void remove(LiveClient client) {
        synchronized (lock) {
            clients.remove(client);
        }
        if (client.close()) {
            drain(client);
        }
    }

    int size() {
        synchronized (lock) {
            return clients.size();
        }
    }

    /**
     * Closes every connection and stops the writers, waiting for them at most {@code wait}: a write stuck on a
     * browser is left to the container.
     */
    void closeAll(Duration wait) {
        List<LiveClient> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(clients);
        }
        all.forEach(this::remove);
        writers.shutdown();
        try {
            writers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void offer(LiveClient client, Frame frame) {
        if (client.offer(frame)) {
            drain(client);
        }
    }

    private void drain(LiveClient client) {
        try {
            writers.execute(() -> {
                if (!client.drain()) {
                    remove(client);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // The app is stopping: the container closes the connection.
        }
    }
}
