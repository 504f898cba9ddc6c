package io.ferry.web.live;

import io.ferry.api.TaskService;
import io.ferry.scheduler.FerryScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher: one thread that, every {@link #TICK}, reads the scheduler's published snapshots and publishes each
 * of {@code overview}, {@code offers} and {@code tasks} that changed since it was last published, and
 * {@code stream}: the tasks that started or ended since the last tick (the task stream's bars). However many
 * tasks finish, a client gets at most one event of each type per tick; nothing is sent while nothing changes
 * (but a keep-alive comment now and then).
 *
 * <p>A lifecycle bean of the last phase, so that it stops first: it closes the event streams before the web
 * server's graceful shutdown, which would otherwise wait for them.
 */
@Component
public class LiveFeed implements SmartLifecycle {

    /** How often changes are published: at most one event of each type per tick, per client. */
    static final Duration TICK = Duration.ofMillis(500);
    /** The throughput chart's window. */
    static final int THROUGHPUT_SECONDS = 300;
    /** A connection is closed after this long; the browser reconnects and gets the current state at once. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);
    /** The reconnection delay a browser is told to use ({@code retry:}). */
    static final Duration RECONNECT = Duration.ofSeconds(3);
    static final LiveClients.Limits LIMITS =
            new LiveClients.Limits(64, Duration.ofSeconds(5), Duration.ofSeconds(15), 4);

    /** How long a publishing round takes: it looks at the tasks that changed since the last one (all of them now and
     * then: see {@link TaskCensus}); on the publisher thread, never the scheduler's. */
    static final String PUBLISH = "ferry.dashboard.publish";

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final LiveSnapshots snapshots;
    private final FerryScheduler scheduler;
    private final TaskService tasks;
    private final LiveClients clients;
    private final JsonMapper json;
    private final Timer publishing;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-live-publisher");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;
    /** The last overview published, for the page; null before the first tick. */
    private volatile Overview current;

    // Publisher thread only: the ring and what was published last.
    private final FinishedRing finished = new FinishedRing(THROUGHPUT_SECONDS);
    private final StreamWindow window = new StreamWindow(StreamWindow.CAPACITY);
    private final StreamChanges streamChanges = new StreamChanges(StreamChanges.MAX_BARS, window);
    private final TaskCensus census;
    /** The task stream's window as of the last tick, for {@code GET /api/stream}; null before the first. */
    private volatile TaskStream currentWindow;
    private Overview sentOverview;
    private OffersSnapshot sentOffers;
    private RecentTasks sentTasks;
    /** The last offers and recent tasks published, for the page; null before the first tick. */
    private volatile OffersSnapshot currentOffers;
    private volatile RecentTasks currentTasks;

    LiveFeed(FerryScheduler scheduler, TaskService tasks, MeterRegistry meters, JsonMapper json) {
        this.snapshots = new LiveSnapshots(scheduler, meters);
        this.scheduler = scheduler;
        this.tasks = tasks;
        this.census = new TaskCensus(scheduler, tasks, streamChanges, meters);
        this.clients = new LiveClients(LIMITS, meters);
        this.json = json;
        this.publishing = Timer.builder(PUBLISH).description("Dashboard publishing rounds")
                .register(meters);
    }

    /** The dashboard's figures as the last event had them (read fresh before the first one). */
    public Overview overview() {
        Overview overview = current;
        if (overview != null) {
            return overview;
        }
        long now = clock.instant().getEpochSecond();
        return snapshots.overview(TaskCensus.phases(scheduler),
                new Throughput(now - 1, Collections.nCopies(THROUGHPUT_SECONDS, 0)));
    }

    /** The offers held and the last packing round as the last event had them (read fresh before the first one). */
    public OffersSnapshot offers() {
        OffersSnapshot offers = currentOffers;
        return offers != null ? offers : snapshots.offers();
    }

    /**
     * The tasks that moved last as the last event had them. Before the first one, read in a pass over the tasks on
     * the caller's thread (the publisher's own rows are its thread's): once, in the app's first half second.
     */
    public RecentTasks recentTasks() {
        RecentTasks recent = currentTasks;
        if (recent != null) {
            return recent;
        }
        RecentRows rows = new RecentRows(LiveSnapshots.RECENT_TASKS, LiveSnapshots.RECENT_TASKS);
        rows.rebuild(tasks.tasks());
        return rows.shown();
    }

    /**
     * The task stream's last minutes as of the last tick ({@link StreamWindow}): what a client gets on connecting.
     * Empty before the first tick.
     */
    public TaskStream window() {
        TaskStream stream = currentWindow;
        return stream != null ? stream : new TaskStream(0, true, List.of(), 0, 0);
    }

    /**
     * A new event stream: it gets the newest event of each type at once, then the changes.
     *
     * @throws ResponseStatusException 503 when too many clients are connected (the browser retries)
     */
    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        try {
            // Not written yet (the emitter is not returned yet): kept and written first, by the container.
            emitter.send(SseEmitter.event().reconnectTime(RECONNECT.toMillis()).comment("ferry"));
        } catch (IOException e) {
            throw new IllegalStateException("an unsent emitter cannot fail to send", e);
        }
        LiveClient client = clients.open(emitter);
        if (client == null) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "too many dashboard clients (" + LIMITS.maxClients() + ")");
        }
        emitter.onCompletion(() -> clients.remove(client));
        emitter.onError(e -> clients.remove(client));
        emitter.onTimeout(() -> {
            clients.remove(client);
            // Completed here, on the container's thread, so the request ends as a completed stream rather than an
            // async timeout; the browser reconnects.
            emitter.complete();
        });
        return emitter;
    }

    /** One publishing round, on the publisher thread. */
    void tick() {
        long start = System.nanoTime();
        try {
            finished.record(snapshots.finishedTotal(), clock.instant().getEpochSecond());
            TaskCensus.Census changed = census.take();
            Overview overview = snapshots.overview(changed.phases(), finished.throughput());
            if (!overview.sameAs(sentOverview)) {
                clients.publish(new Frame("overview", json.writeValueAsString(overview)));
                sentOverview = overview;
            }
            current = overview;
            OffersSnapshot offers = snapshots.offers();
            if (!offers.equals(sentOffers)) {
                clients.publish(new Frame("offers", json.writeValueAsString(offers)));
                sentOffers = offers;
            }
            currentOffers = offers;
            if (!changed.recent().equals(sentTasks)) {
                clients.publish(new Frame("tasks", json.writeValueAsString(changed.recent())));
                sentTasks = changed.recent();
            }
            currentTasks = changed.recent();
            if (changed.stream() != null) {
                clients.publish(new Frame(LiveClient.STREAM, json.writeValueAsString(changed.stream())));
            }
            window.trim(clock.instant());
            // A copy of the window's references (20,000 at most: microseconds), so that other threads may read it.
            TaskStream whole = TaskStream.window(streamChanges.seq(), window);
            currentWindow = whole;
            if (clients.anyNeedsWindow()) {
                // Serialized once for every client that waits for it: new ones, and those that fell behind.
                clients.sendWindow(new Frame(LiveClient.STREAM, json.writeValueAsString(whole)));
            }
            clients.sweep(System.nanoTime());
        } catch (RuntimeException e) {
            // Thrown out of a scheduled task, it would end the schedule: the dashboard would freeze for good.
            log.warn("Publishing the dashboard's live data failed; trying again next tick", e);
        } finally {
            publishing.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void start() {
        running = true;
        publisher.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        publisher.shutdownNow();
        clients.closeAll(Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
