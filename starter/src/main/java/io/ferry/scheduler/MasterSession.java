package io.ferry.scheduler;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's subscription to the master: subscribing, resubscribing with the framework id it was given (backoff after
 * each loss), the heartbeat watchdog, and every call the loop makes. Calls are sent asynchronously, so the loop
 * never waits on HTTP; a failed one is logged and counted. Owned by the loop thread.
 */
final class MasterSession {

    /** What the loop does with what the current connection brings; called on the loop thread. */
    interface Events {
        void event(Event event);

        /** The connection ended (after the session noted it); a new one is on its way unless the loop stops. */
        void lost();
    }

    private static final Logger log = LoggerFactory.getLogger(MasterSession.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(75);
    /**
     * Events read from the stream and not handled by the loop yet, at which the stream is paused: the connection is
     * read no further until the loop has handled half of them, and a flood of events waits in TCP's buffers and the
     * master's rather than in this heap.
     */
    static final int MAX_EVENTS_QUEUED = 1024;

    private final SchedulerSettings settings;
    private final Supplier<URI> master;
    private final Supplier<URI> appUrl;
    private final HttpClient http;
    private final SchedulerMetrics metrics;
    private final SchedulerLoop loop;
    private final ScheduledExecutorService timer;
    private final PublishedState state;
    private final Events events;

    /** Events of the current connection handed to the loop and not handled yet. */
    private final java.util.concurrent.atomic.AtomicInteger eventsQueued = new java.util.concurrent.atomic.AtomicInteger();
    private MasterConnection connection;
    /** Whether the current connection got SUBSCRIBED: only then can it be "lost". */
    private boolean subscribedOnThis;
    private FrameworkID frameworkId;
    private int reconnects;
    /** System.nanoTime of the last event the loop took from the current connection; read by other threads. */
    private volatile long lastEventNanos;
    private volatile boolean anyEvent;

    MasterSession(SchedulerSettings settings, Supplier<URI> master, Supplier<URI> appUrl, HttpClient http,
                  SchedulerMetrics metrics, SchedulerLoop loop, ScheduledExecutorService timer, PublishedState state,
                  Events events) {
        this.settings = settings;
        this.master = master;
        this.appUrl = appUrl;
        this.http = http;
        this.metrics = metrics;
        this.loop = loop;
        this.timer = timer;
        this.state = state;
        this.events = events;
    }

    /**
     * Picks up the framework id of an earlier run: within the failover timeout the master still knows that
     * framework, with its tasks. Called once, before the loop starts.
     */
    void loadFrameworkId() {
        frameworkId = settings.frameworkIdStore().load()
                .map(id -> FrameworkID.newBuilder().setValue(id).build()).orElse(null);
    }

    void connect() {
        if (!loop.running()) {
            return;
        }
        FrameworkInfo.Builder info = settings.frameworkInfo(appUrl.get()).toBuilder();
        if (frameworkId != null) {
            info.setId(frameworkId);
        }
        MasterConnection c = new MasterConnection(master.get(), settings.principal(), settings.secret(),
                CALL_TIMEOUT);
        connection = c;
        subscribedOnThis = false;
        // Shown while it is tried, too: an operator looking at a Ferry that cannot connect sees where it looks.
        state.set(state.get().withConnection("SUBSCRIBING", null).withMaster(c.endpoint().toString()));
        // Only the current connection is heard: a late event or close of an earlier one is dropped on the loop.
        c.open(SchedulerCalls.subscribe(info.build()), new MasterConnection.Listener() {
            @Override
            public void onEvent(MasterConnection source, Event event) {
                // On the HTTP client's event loop: never wait here; pause the stream when the loop falls behind.
                if (eventsQueued.incrementAndGet() == MAX_EVENTS_QUEUED) {
                    source.pause();
                    if (eventsQueued.get() <= MAX_EVENTS_QUEUED / 2) {
                        source.resume(); // the loop caught up before the pause took effect
                    }
                }
                loop.post(() -> {
                    try {
                        if (source == connection) {
                            lastEventNanos = source.lastEventNanos();
                            anyEvent = true;
                            events.event(event);
                        }
                    } finally {
                        if (eventsQueued.decrementAndGet() == MAX_EVENTS_QUEUED / 2) {
                            source.resume();
                        }
                    }
                });
            }

            @Override
            public void onClosed(MasterConnection source, String reason) {
                loop.post(() -> {
                    if (source == connection) {
                        lost(reason);
                    }
                });
            }
        }, r -> FerryScheduler.daemon("ferry-master-stream").newThread(r).start());
    }

    private void lost(String reason) {
        long delay = settings.backoff().delayMillis(reconnects++);
        String endpoint = connection.endpoint().toString();
        if (subscribedOnThis) {
            log.warn("Connection to the Mesos master at {} lost ({}); resubscribing in {}", endpoint, reason,
                    HumanDuration.ofMillis(delay));
        } else {
            // Never subscribed on this one: nothing was lost, the master could not be reached (or refused).
            log.warn("Could not subscribe to the Mesos master at {} ({}); trying again in {}", endpoint, reason,
                    HumanDuration.ofMillis(delay));
        }
        state.set(state.get().withConnection("DISCONNECTED", reason).withMaster(endpoint));
        metrics.reconnecting();
        events.lost();
        if (loop.running()) {
            timer.schedule(() -> loop.post(this::connect), delay, TimeUnit.MILLISECONDS);
        }
    }

    void subscribed(Event.Subscribed subscribed) {
        frameworkId = subscribed.getFrameworkId();
        subscribedOnThis = true;
        settings.frameworkIdStore().save(frameworkId.getValue());
        reconnects = 0;
        double heartbeat = subscribed.hasHeartbeatIntervalSeconds() ? subscribed.getHeartbeatIntervalSeconds() : 15;
        state.set(state.get().withConnection("SUBSCRIBED", null).withFramework(frameworkId.getValue(), heartbeat,
                connection.endpoint().toString()));
        log.info("Subscribed to the Mesos master at {} as framework {}", connection.endpoint(), frameworkId.getValue());
    }

    /** An ERROR event: the master ends the subscription. */
    void error(String message) {
        log.error("The Mesos master sent an error: {}", message);
        if (message.contains("removed") || message.contains("not found") || message.contains("unknown")) {
            // The framework id is gone (torn down or failover timeout passed): subscribe afresh.
            frameworkId = null;
            settings.frameworkIdStore().clear();
        }
        state.set(state.get().withConnection("ERROR", message));
        connection.close("the master sent an error: " + message);
    }

    /** A stream that stays open but goes silent is dead (a partition the TCP connection does not see). */
    void checkHeartbeats(long nowNanos) {
        double interval = state.get().heartbeatSeconds();
        if (connection == null || interval <= 0) {
            return;
        }
        long silentNanos = nowNanos - connection.lastEventNanos();
        long limit = (long) (interval * settings.missedHeartbeats() * 1e9);
        if (silentNanos > limit) {
            String silent = HumanDuration.of(Duration.ofSeconds(silentNanos / 1_000_000_000));
            String why = "no event from the master for " + silent + " (" + settings.missedHeartbeats()
                    + " heartbeats missed)";
            log.warn("{}; reconnecting", why);
            connection.close(why);
        }
    }

    /** Subscribed now: calls can go out. */
    boolean isSubscribed() {
        return frameworkId != null && connection != null && state.get().connected();
    }

    FrameworkID frameworkId() {
        return frameworkId;
    }

    /** Seconds since the last event from the master (heartbeats included), NaN before the first; any thread. */
    double secondsSinceLastEvent() {
        return anyEvent ? (System.nanoTime() - lastEventNanos) / 1e9 : Double.NaN;
    }

    // ------------------------------------------------------------------------------------------ calls

    /** One ACCEPT for the offers of one agent; the caller handles its failure (the tasks may or may not run). */
    CompletableFuture<Void> accept(List<OfferID> offerIds, List<TaskInfo> tasks, double refuseSeconds) {
        long start = System.nanoTime();
        CompletableFuture<Void> answer = connection.send(SchedulerCalls.accept(frameworkId, offerIds, tasks,
                refuseSeconds));
        answer.whenComplete((ok, error) -> metrics.call(Call.Type.ACCEPT, error == null, System.nanoTime() - start));
        return answer;
    }

    void decline(Collection<OfferID> offerIds, double refuseSeconds) {
        send(SchedulerCalls.decline(frameworkId, offerIds, refuseSeconds));
    }

    void acknowledge(TaskStatus status) {
        send(SchedulerCalls.acknowledge(frameworkId, status.getAgentId(), status.getTaskId(), status.getUuid()),
                status.getState());
    }

    /** {@code agent} may be null: the master then looks the task up itself. */
    void kill(TaskID task, AgentID agent) {
        send(SchedulerCalls.kill(frameworkId, task, agent));
    }

    void shutdown(ExecutorID executor, AgentID agent) {
        send(SchedulerCalls.shutdown(frameworkId, executor, agent));
    }

    void revive() {
        send(SchedulerCalls.revive(frameworkId));
    }

    void suppress() {
        send(SchedulerCalls.suppress(frameworkId));
    }

    /** Explicit reconciliation of {@code tasks}; none = implicit (the master answers for every task of ours). */
    void reconcile(Collection<Call.Reconcile.Task> tasks) {
        send(SchedulerCalls.reconcile(frameworkId, tasks));
    }

    /** TEARDOWN if configured and subscribed; completes when the master answered, or at once. */
    CompletableFuture<Void> teardownIfAsked() {
        if (settings.teardownOnStop() && frameworkId != null && connection != null) {
            long start = System.nanoTime();
            return connection.send(SchedulerCalls.teardown(frameworkId)).handle((ok, error) -> {
                metrics.call(Call.Type.TEARDOWN, error == null, System.nanoTime() - start);
                return null;
            });
        }
        return CompletableFuture.completedFuture(null);
    }

    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    private void send(Call call) {
        send(call, null);
    }

    /** Sends {@code call}, timed; {@code acknowledged}: the state of the update it acknowledges, or null. */
    private void send(Call call, TaskState acknowledged) {
        MasterConnection c = connection;
        if (c == null) {
            return;
        }
        Call.Type type = call.getType();
        long start = System.nanoTime();
        c.send(call).whenComplete((ok, error) -> {
            metrics.call(type, error == null, System.nanoTime() - start);
            if (error != null) {
                log.warn("{} call failed: {}", type, MasterConnection.describe(error));
            } else if (acknowledged != null) {
                metrics.acknowledged(acknowledged);
            }
        });
    }
}
