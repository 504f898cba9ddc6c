package io.ferry.scheduler;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskFailure;
import io.ferry.task.TaskOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ferry's Mesos framework: subscribes to the master's v1 scheduler API, packs ready tasks into offers, launches
 * them on Ferry's executor and turns status updates into completed futures.
 *
 * <p>One thread owns all scheduler state (the "loop"): master events, submissions, cancellations and timer
 * firings are posted to its inbox and handled in order, so there are no locks around the state. The loop never
 * waits on HTTP: calls are sent asynchronously and their failures come back as posted work. Other threads read the
 * {@link TaskView}s and the {@link SchedulerState} it publishes.
 */
public class FerryScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FerryScheduler.class);
    /** Ready tasks looked at per packing round: more than any set of offers can hold, far fewer than 100,000. */
    private static final int PACK_WINDOW = 10_000;
    /** How long the leftovers of a launch that is all the work there is stay away (see launchReady). */
    private static final double LONE_LEFTOVER_REFUSE_SECONDS = 0.25;
    /**
     * The most task bytes in one ACCEPT. Tasks with large inputs would otherwise make calls of hundreds of MiB
     * (one agent's whole share in one call), copied on both sides at once. Each call is one array on both sides,
     * which G1 must place in contiguous free regions: 8 MiB asks for 9 of them, 32 MiB for 33, which a busy 512 MiB
     * heap may not have.
     */
    private static final long MAX_LAUNCH_BYTES = 8L * 1024 * 1024;
    /** Ready tasks with no offer for this long ask for offers again (REVIVE), in case one was lost. */
    private static final Duration STARVED_AFTER = Duration.ofSeconds(5);

    private final SchedulerSettings settings;
    private final Supplier<URI> master;
    private final Supplier<URI> appUrl;
    private final SchedulerMetrics metrics;
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final TaskRegistry registry;
    private final StatusInterpreter interpreter;
    /** Tasks submitted and not launched yet: ready, or backing off before a retry (a gauge). */
    private final AtomicInteger queued = new AtomicInteger();
    /** Published by the loop for the gauges: task bytes in flight now, and the most at once so far. */
    private volatile long bytesInFlight;
    private volatile long peakBytesInFlight;
    /**
     * Room in the queue for new submissions ({@code ferry.queue.capacity}). Retries do not take room: a task that
     * was admitted once is never refused later, and the loop thread never waits for room.
     */
    private final java.util.concurrent.Semaphore room;
    private final AtomicLong sequence = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService completions;

    // --- owned by the loop thread ---
    private final Map<String, Offer> heldOffers = new LinkedHashMap<>();
    private final Map<String, Long> offerExpiry = new HashMap<>();
    private final Map<String, ExecutorPlace> executors = new HashMap<>();
    private final Set<String> shutdownSent = new HashSet<>();
    /** Mesos task ids found running without a caller (an earlier run's), killed once each. */
    private final Set<String> orphans = new HashSet<>();
    private MasterConnection connection;
    private FrameworkID frameworkId;
    private ExecutorSpec executor;
    /**
     * {@link ExecutorSpec#info()} with our framework id, which the master would otherwise fill in by copying the
     * ExecutorInfo of every task.
     */
    private ExecutorInfo executorInfo;
    private boolean suppressed;
    /** A decline filter may be hiding resources from us (we declined with refuse_seconds > 0 since the last REVIVE). */
    private boolean filtered;
    private boolean reviveWanted;
    private long lastOfferNanos = System.nanoTime();
    private long lastReviveNanos = System.nanoTime();
    private long idleSinceNanos = System.nanoTime();
    private int reconnects;

    private volatile SchedulerState state = SchedulerState.initial();
    private volatile boolean running;
    private Thread loopThread;

    public FerryScheduler(SchedulerSettings settings, Supplier<URI> master, Supplier<URI> appUrl,
                          SchedulerMetrics metrics) {
        this.settings = settings;
        this.master = master;
        this.appUrl = appUrl;
        this.metrics = metrics;
        this.registry = new TaskRegistry(settings.historySize());
        this.room = new java.util.concurrent.Semaphore(settings.queueCapacity());
        this.interpreter = new StatusInterpreter(settings.resultClassLoader());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        java.util.concurrent.ScheduledThreadPoolExecutor timers =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemon("ferry-timer"));
        // A task's timeout timer is cancelled when the task ends; removed at once, it holds nothing for its 10 minutes.
        timers.setRemoveOnCancelPolicy(true);
        this.timer = timers;
        this.completions = Executors.newCachedThreadPool(daemon("ferry-complete"));
        metrics.bind(this);
    }

    // ------------------------------------------------------------------------------------------ public API

    /**
     * Queues a serialized task. Called on the caller's thread; the task joins the queue on the loop.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the queue is full or the scheduler stopped
     */
    public void submit(String id, ByteString payload, TaskOptions options, CompletableFuture<Object> future,
                       Duration waitForRoom) {
        if (!running) {
            throw new java.util.concurrent.RejectedExecutionException("Ferry's scheduler is not running");
        }
        boolean admitted;
        try {
            admitted = waitForRoom == null ? room.tryAcquire()
                    : room.tryAcquire(waitForRoom.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.RejectedExecutionException("interrupted while waiting for room in the queue");
        }
        if (!admitted) {
            throw new java.util.concurrent.RejectedExecutionException("the task queue is full: "
                    + settings.queueCapacity() + " submitted tasks are queued already (ferry.queue.capacity)"
                    + (waitForRoom == null ? "" : "; waited " + waitForRoom + " for room"));
        }
        queued.incrementAndGet();
        TaskRecord record = new TaskRecord(id, options, payload, future, Instant.now());
        record.holdsRoom = true;
        // Visible at once, so that a caller who looks its task up right after submit finds it (before the post,
        // so the loop's later views always win).
        registry.publishNew(record);
        metrics.submitted();
        post(() -> {
            registry.add(record);
            wantOffers();
        });
    }

    /** A new task id: unique within this run of the app, and across runs (the run's start time is in it). */
    public String newTaskId() {
        return "t" + runId + "-" + sequence.incrementAndGet();
    }

    /**
     * Cancels a task: a queued one never runs, a running one is killed on its agent. Its future completes as
     * cancelled at once.
     *
     * @return false if no such task is live
     */
    public boolean cancel(String taskId) {
        TaskView view = registry.views().get(taskId);
        if (view == null || view.phase().isTerminal()) {
            return false;
        }
        post(() -> cancelOnLoop(taskId));
        return true;
    }

    public Optional<TaskView> task(String id) {
        return Optional.ofNullable(registry.views().get(id));
    }

    /** Every task the scheduler remembers: live ones and a bounded history of finished ones. */
    public List<TaskView> tasks() {
        return new ArrayList<>(registry.views().values());
    }

    public SchedulerState state() {
        return state;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        URI url = appUrl.get();
        executor = ExecutorSpec.build(url, settings.executor());
        // Within the failover timeout the master still knows the framework of the previous run, with its tasks.
        frameworkId = settings.frameworkIdStore().load()
                .map(id -> FrameworkID.newBuilder().setValue(id).build()).orElse(null);
        running = true;
        loopThread = daemon("ferry-scheduler").newThread(this::loop);
        loopThread.start();
        timer.scheduleWithFixedDelay(() -> post(this::housekeeping), 250, 250, TimeUnit.MILLISECONDS);
        post(this::connect);
        log.info("Ferry scheduler starting: master {}, executor {} served from {}", master.get(),
                executor.executorId(), url);
    }

    @Override
    public void stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            for (TaskRecord r : new ArrayList<>(registry.live())) {
                if (!r.phase.isTerminal()) {
                    fail(r, new TaskFailure("Ferry is shutting down; task " + r.id + " did not finish"));
                }
            }
            if (settings.teardownOnStop() && frameworkId != null && connection != null) {
                connection.send(SchedulerCalls.teardown(frameworkId)).whenComplete((v, e) -> done.complete(null));
            } else {
                done.complete(null);
            }
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Ferry scheduler did not stop cleanly: {}", MasterConnection.describe(e));
        }
        running = false;
        post(() -> {
            if (connection != null) {
                connection.close();
            }
        });
        timer.shutdownNow();
        completions.shutdown();
        if (loopThread != null) {
            loopThread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // ------------------------------------------------------------------------------------------ the loop

    private void post(Runnable work) {
        inbox.add(work);
    }

    private void loop() {
        List<Runnable> batch = new ArrayList<>();
        while (running || !inbox.isEmpty()) {
            try {
                batch.add(inbox.take());
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            inbox.drainTo(batch, 1024);
            for (Runnable work : batch) {
                try {
                    work.run();
                } catch (RuntimeException | Error e) {
                    // Even an OutOfMemoryError must not end the loop silently: every future depends on it.
                    log.error("Scheduler step failed; the loop goes on", e);
                }
            }
            batch.clear();
            try {
                afterBatch();
            } catch (RuntimeException | Error e) {
                log.error("Scheduler step failed; the loop goes on", e);
            }
        }
    }

    /** After each batch of work: launch what fits, ask for offers when needed, publish the state. */
    private void afterBatch() {
        if (frameworkId != null && connection != null && state.connected()) {
            if (registry.readyCount() > 0 && !heldOffers.isEmpty()) {
                launchReady();
            }
            if (reviveWanted && registry.readyCount() > 0) {
                reviveWanted = false;
                // Only when something may hide offers: a REVIVE per burst of work would be a call per task.
                if (suppressed || filtered) {
                    revive();
                }
            }
        }
        if (registry.readyCount() > 0) {
            idleSinceNanos = System.nanoTime();
        }
        publishState();
    }

    private void wantOffers() {
        reviveWanted = true;
    }

    // ------------------------------------------------------------------------------------------ connection

    private void connect() {
        if (!running) {
            return;
        }
        FrameworkInfo.Builder info = settings.frameworkInfo(appUrl.get()).toBuilder();
        if (frameworkId != null) {
            info.setId(frameworkId);
        }
        MasterConnection c = new MasterConnection(http, master.get(), settings.principal(), settings.secret(),
                Duration.ofSeconds(75));
        connection = c;
        state = state.withConnection("SUBSCRIBING", null);
        c.open(SchedulerCalls.subscribe(info.build()), new MasterConnection.Listener() {
            @Override
            public void onEvent(MasterConnection source, Event event) {
                post(() -> {
                    if (source == connection) {
                        handle(event);
                    }
                });
            }

            @Override
            public void onClosed(MasterConnection source, String reason) {
                post(() -> {
                    if (source == connection) {
                        disconnected(reason);
                    }
                });
            }
        }, r -> daemon("ferry-master-stream").newThread(r).start());
    }

    private void disconnected(String reason) {
        heldOffers.clear();
        offerExpiry.clear();
        long delay = settings.backoff().delayMillis(reconnects++);
        log.warn("Connection to the Mesos master lost ({}); resubscribing in {} ms", reason, delay);
        state = state.withConnection("DISCONNECTED", reason);
        metrics.disconnected();
        if (running) {
            timer.schedule(() -> post(this::connect), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void handle(Event event) {
        metrics.event(event.getType());
        switch (event.getType()) {
            case SUBSCRIBED -> subscribed(event.getSubscribed());
            case OFFERS -> offers(event.getOffers().getOffersList());
            case RESCIND -> {
                heldOffers.remove(event.getRescind().getOfferId().getValue());
                offerExpiry.remove(event.getRescind().getOfferId().getValue());
            }
            case UPDATE -> update(event.getUpdate().getStatus());
            case MESSAGE -> executorMessage(event.getMessage());
            case FAILURE -> failure(event.getFailure());
            case ERROR -> {
                String message = event.getError().getMessage();
                log.error("The Mesos master sent an error: {}", message);
                if (message.contains("removed") || message.contains("not found") || message.contains("unknown")) {
                    // The framework id is gone (torn down or failover timeout passed): subscribe afresh.
                    frameworkId = null;
                    settings.frameworkIdStore().clear();
                }
                state = state.withConnection("ERROR", message);
                connection.close();
            }
            case HEARTBEAT, INVERSE_OFFERS, RESCIND_INVERSE_OFFER, UPDATE_OPERATION_STATUS, UNKNOWN -> {
            }
        }
    }

    private void subscribed(Event.Subscribed subscribed) {
        frameworkId = subscribed.getFrameworkId();
        settings.frameworkIdStore().save(frameworkId.getValue());
        reconnects = 0;
        suppressed = false;
        heldOffers.clear();
        offerExpiry.clear();
        double heartbeat = subscribed.hasHeartbeatIntervalSeconds() ? subscribed.getHeartbeatIntervalSeconds() : 15;
        state = state.withConnection("SUBSCRIBED", null).withFramework(frameworkId.getValue(), heartbeat,
                connection.endpoint().toString());
        log.info("Subscribed to the Mesos master at {} as framework {}", connection.endpoint(), frameworkId.getValue());
        reconcileLiveTasks();
        if (registry.readyCount() == 0) {
            suppress();
        }
    }

    /** After every subscribe: ask for the state of every task we launched (docs/mesos-notes.md §8). */
    private void reconcileLiveTasks() {
        List<Call.Reconcile.Task> tasks = new ArrayList<>();
        for (TaskRecord r : registry.live()) {
            if (r.mesosTaskId != null && registry.byMesosId(r.mesosTaskId) == r) {
                tasks.add(reconcileEntry(r));
            }
        }
        if (!tasks.isEmpty()) {
            send(SchedulerCalls.reconcile(frameworkId, tasks));
        }
        // Implicit reconciliation: the master answers for every task it has of ours, so tasks of an earlier run
        // of this app (same framework id) show up, and are killed as orphans.
        send(SchedulerCalls.reconcile(frameworkId, List.of()));
    }

    // ------------------------------------------------------------------------------------------ offers

    private void offers(List<Offer> offers) {
        lastOfferNanos = System.nanoTime();
        long expiry = lastOfferNanos + settings.offerHold().toNanos();
        for (Offer offer : offers) {
            metrics.offerReceived();
            heldOffers.put(offer.getId().getValue(), offer);
            offerExpiry.put(offer.getId().getValue(), expiry);
            shutdownStaleExecutors(offer);
        }
        state = state.withOffers(OfferViews.of(heldOffers.values()), null);
    }

    /** Executors of ours with another id run an older configuration: once idle they only hold resources. */
    private void shutdownStaleExecutors(Offer offer) {
        for (ExecutorID id : offer.getExecutorIdsList()) {
            String key = offer.getAgentId().getValue() + "/" + id.getValue();
            if (!id.getValue().equals(executor.executorId()) && id.getValue().startsWith("ferry-")
                    && !hasLiveTaskOn(offer.getAgentId().getValue(), id.getValue()) && shutdownSent.add(key)) {
                log.info("Shutting down executor {} on agent {}: it runs an older configuration", id.getValue(),
                        offer.getAgentId().getValue());
                send(SchedulerCalls.shutdown(frameworkId, id, offer.getAgentId()));
            }
        }
    }

    private boolean hasLiveTaskOn(String agentId, String executorId) {
        for (TaskRecord r : registry.live()) {
            if (agentId.equals(r.agentId) && executorId.equals(r.executorId) && registry.byMesosId(r.mesosTaskId) == r) {
                return true;
            }
        }
        return false;
    }

    private void launchReady() {
        List<TaskRecord> ready = registry.peekReady(PACK_WINDOW);
        ready = ready.subList(0, ByteAdmission.admitted(ready, r -> r.payload.size(), registry.bytesInFlight(),
                settings.maxBytesInFlight()));
        if (ready.isEmpty()) {
            return; // the bytes in flight are at the bound: the held offers wait for a task to end
        }
        List<OfferPacker.ReadyTask> tasks = new ArrayList<>(ready.size());
        for (TaskRecord r : ready) {
            tasks.add(new OfferPacker.ReadyTask(r.id, r.options.cpus(), r.options.memMb(), r.payload.size()));
        }
        List<OfferPacker.OfferSlice> slices = new ArrayList<>(heldOffers.size());
        for (Offer offer : heldOffers.values()) {
            slices.add(OfferViews.slice(offer, executor.executorId()));
        }
        OfferPacker.Plan plan = OfferPacker.pack(slices, tasks,
                new OfferPacker.ExecutorCost(executor.cpus(), executor.memMb()), MAX_LAUNCH_BYTES);
        if (executorInfo == null || !executorInfo.getFrameworkId().equals(frameworkId)) {
            executorInfo = executor.info().toBuilder().setFrameworkId(frameworkId).build();
        }
        Instant now = Instant.now();
        int placed = 0;
        for (OfferPacker.AgentLaunch launch : plan.launches()) {
            placed += launch.taskIds().size();
        }
        // Alone: these tasks are all the work there is. Their agent's leftovers would come back as an offer now and
        // their own resources as another when they end; filtered for a moment, the agent comes back whole, once.
        // A task submitted meanwhile that fits no held offer REVIVEs (filtered), so it never waits for the filter.
        boolean alone = placed > 0 && registry.readyCount() == placed && registry.live().size() == placed;
        double leftoverRefuse = alone ? LONE_LEFTOVER_REFUSE_SECONDS : 0;
        if (alone) {
            filtered = true;
        }
        for (OfferPacker.AgentLaunch launch : plan.launches()) {
            List<OfferID> offerIds = new ArrayList<>();
            Offer template = null;
            for (String offerId : launch.offerIds()) {
                template = heldOffers.remove(offerId);
                offerExpiry.remove(offerId);
                offerIds.add(template.getId());
            }
            List<TaskInfo> infos = new ArrayList<>(launch.taskIds().size());
            List<TaskRecord> launched = new ArrayList<>(launch.taskIds().size());
            for (String taskId : launch.taskIds()) {
                TaskRecord r = registry.get(taskId); // ready, so live
                int attempt = r.attempts + 1;
                String mesosId = r.mesosIdFor(attempt);
                infos.add(TaskInfos.build(r, mesosId, template, executorInfo));
                r.attempts = attempt;
                r.agentId = launch.agentId();
                r.executorId = executor.executorId();
                r.launched = now;
                r.mesosState = null;
                r.killCause = null;
                registry.attemptLaunched(r, mesosId);
                registry.moveTo(r, TaskPhase.LAUNCHED, now);
                leftQueue(r);
                launched.add(r);
                scheduleTimeout(r, mesosId);
            }
            // Otherwise leftovers of an accepted offer come straight back (refuse 0): the next task is likely right
            // behind, and a held offer launches it with no round trip. Unused, they are declined after the hold.
            metrics.launched(infos.size());
            connection.send(SchedulerCalls.accept(frameworkId, offerIds, infos, leftoverRefuse))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            if (maybeHandled(error)) {
                                post(() -> acceptUnanswered(launched, MasterConnection.describe(error)));
                            } else {
                                post(() -> acceptFailed(launched, MasterConnection.describe(error)));
                            }
                        }
                    });
        }
        state = state.withOffers(OfferViews.of(heldOffers.values()), plan.outcomes());
    }

    /** The master never took the ACCEPT: the tasks did not launch, so they queue again (no attempt is used up). */
    private void acceptFailed(List<TaskRecord> launched, String reason) {
        log.warn("ACCEPT of {} task(s) failed ({}); they queue again", launched.size(), reason);
        Instant now = Instant.now();
        for (TaskRecord r : launched) {
            if (r.phase == TaskPhase.LAUNCHED && r.mesosState == null) {
                r.attempts--;
                registry.attemptEnded(r);
                r.mesosTaskId = null;
                if (registry.moveTo(r, TaskPhase.QUEUED, now)) {
                    queued.incrementAndGet();
                    registry.makeReady(r);
                }
            }
        }
        wantOffers();
    }

    /**
     * The ACCEPT went out but its answer did not come back: the master may have launched the tasks, so queueing
     * them again could run them twice. They stay launched, and the master is asked about them (RECONCILE): a task
     * it does not know comes back TASK_LOST or TASK_UNKNOWN and is retried; the others carry on. Should that call
     * fail too, the next SUBSCRIBE reconciles every live task anyway, and each task's timeout still runs.
     */
    private void acceptUnanswered(List<TaskRecord> launched, String reason) {
        log.warn("ACCEPT of {} task(s) got no answer ({}); asking the master about them", launched.size(), reason);
        List<Call.Reconcile.Task> tasks = new ArrayList<>();
        for (TaskRecord r : launched) {
            if (r.phase == TaskPhase.LAUNCHED && r.mesosState == null && r.mesosTaskId != null) {
                tasks.add(reconcileEntry(r));
            }
        }
        if (!tasks.isEmpty() && frameworkId != null) {
            send(SchedulerCalls.reconcile(frameworkId, tasks));
        }
    }

    private static Call.Reconcile.Task reconcileEntry(TaskRecord r) {
        Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(r.mesosTaskId));
        if (r.agentId != null) {
            t.setAgentId(AgentID.newBuilder().setValue(r.agentId));
        }
        return t.build();
    }

    private static boolean maybeHandled(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t instanceof MasterConnection.CallFailedException failed && failed.maybeHandled();
    }

    private void housekeeping() {
        if (frameworkId == null || !state.connected()) {
            return;
        }
        long now = System.nanoTime();
        List<OfferID> expired = new ArrayList<>();
        offerExpiry.entrySet().removeIf(e -> {
            if (e.getValue() - now <= 0) {
                Offer offer = heldOffers.remove(e.getKey());
                if (offer != null) {
                    expired.add(offer.getId());
                }
                return true;
            }
            return false;
        });
        if (!expired.isEmpty()) {
            // Held offers no one used go back, and stay away for a while unless work comes (REVIVE clears filters).
            metrics.declined(expired.size());
            send(SchedulerCalls.decline(frameworkId, expired, settings.declineRefuse().toMillis() / 1000.0));
            filtered = true;
            state = state.withOffers(OfferViews.of(heldOffers.values()), null);
        }
        if (registry.readyCount() == 0 && !suppressed && now - idleSinceNanos > settings.offerHold().toNanos()) {
            suppress();
        }
        // Tasks are ready and no offer came for a while: a lost REVIVE, or filters we did not know of. Ask again.
        long quiet = STARVED_AFTER.toNanos();
        if (registry.readyCount() > 0 && heldOffers.isEmpty() && now - lastOfferNanos > quiet
                && now - lastReviveNanos > quiet) {
            log.info("{} task(s) are ready and no offer came for {} s; reviving offers", registry.readyCount(),
                    STARVED_AFTER.toSeconds());
            revive();
        }
        if (connection != null && state.heartbeatSeconds() > 0) {
            long silentNanos = now - connection.lastEventNanos();
            long limit = (long) (state.heartbeatSeconds() * settings.missedHeartbeats() * 1e9);
            if (silentNanos > limit) {
                log.warn("No event from the master for {} s ({} heartbeats missed); reconnecting",
                        silentNanos / 1_000_000_000, settings.missedHeartbeats());
                connection.close();
            }
        }
    }

    private void revive() {
        suppressed = false;
        filtered = false;
        lastReviveNanos = System.nanoTime();
        send(SchedulerCalls.revive(frameworkId));
        metrics.revived();
    }

    private void suppress() {
        suppressed = true;
        send(SchedulerCalls.suppress(frameworkId));
        metrics.suppressed();
    }

    // ------------------------------------------------------------------------------------------ updates

    private void update(TaskStatus status) {
        metrics.update(status.getState());
        TaskRecord r = registry.byMesosId(status.getTaskId().getValue());
        if (r == null) {
            unknownTask(status);
        } else {
            apply(r, status);
        }
        // Acknowledge after recording (docs/mesos-notes.md §2.5); reconciliation answers carry no uuid.
        if (status.hasUuid() && status.hasAgentId()) {
            send(SchedulerCalls.acknowledge(frameworkId, status.getAgentId(), status.getTaskId(), status.getUuid()));
        }
    }

    /**
     * An update for a task this run of the app did not launch: a task of an earlier run (same framework id,
     * found by reconciliation or still sending updates), or an old attempt of a task that was retried. Nobody waits
     * for it, so a live one is killed; an earlier run's is recorded as an orphan so that operators see it.
     */
    private void unknownTask(TaskStatus status) {
        String mesosId = status.getTaskId().getValue();
        AgentID agent = status.hasAgentId() ? status.getAgentId() : null;
        if (!StatusInterpreter.isTerminal(status.getState())) {
            log.info("Killing task {} on agent {}: no caller waits for it", mesosId,
                    agent == null ? "unknown" : agent.getValue());
            send(SchedulerCalls.kill(frameworkId, status.getTaskId(), agent));
        }
        int dot = mesosId.lastIndexOf('.');
        boolean staleAttempt = dot > 0 && registry.get(mesosId.substring(0, dot)) != null;
        if (!staleAttempt && orphans.add(mesosId)) {
            metrics.orphanKilled();
            registry.recordOrphan(mesosId, agent == null ? null : agent.getValue(),
                    status.hasExecutorId() ? status.getExecutorId().getValue() : null, status.getState().name(),
                    Instant.now());
        }
    }

    private void apply(TaskRecord r, TaskStatus status) {
        Instant now = Instant.now();
        if (StatusInterpreter.endsAttempt(status)) {
            registry.attemptEnded(r);
            cancelTimeout(r);
        }
        if (r.phase.isTerminal()) {
            r.mesosState = status.getState().name();
            registry.publish(r);
            return; // cancelled or timed out before this update; the future has its answer already
        }
        r.mesosState = status.getState().name();
        if (status.hasAgentId()) {
            r.agentId = status.getAgentId().getValue();
        }
        StatusInterpreter.Outcome outcome = interpreter.interpret(r, status, executors.get(r.agentId));
        if (outcome instanceof StatusInterpreter.Outcome.Running) {
            if (r.started == null) {
                r.started = now;
            }
            registry.moveTo(r, TaskPhase.RUNNING, now);
        } else if (outcome instanceof StatusInterpreter.Outcome.Succeeded ok) {
            succeed(r, ok.value(), ok.text());
        } else if (outcome instanceof StatusInterpreter.Outcome.Failed failed) {
            fail(r, failed.failure());
        } else if (outcome instanceof StatusInterpreter.Outcome.Retry retry) {
            retryOrFail(r, retry.reason());
        } else {
            registry.publish(r);
        }
    }

    private void retryOrFail(TaskRecord r, String reason) {
        if (r.attempts <= r.options.maxRetries()) {
            long delay = settings.backoff().delayMillis(r.attempts - 1);
            log.info("Task {} attempt {} did not complete ({}); retrying in {} ms", r.id, r.attempts, reason, delay);
            metrics.retried();
            Instant now = Instant.now();
            r.failure = "attempt " + r.attempts + ": " + reason;
            if (registry.moveTo(r, TaskPhase.QUEUED, now)) {
                // Counted as queued again at once, so back-pressure sees it; it becomes ready after the backoff.
                queued.incrementAndGet();
                timer.schedule(() -> post(() -> {
                    if (r.phase == TaskPhase.QUEUED) {
                        registry.makeReady(r);
                        wantOffers();
                    }
                }), delay, TimeUnit.MILLISECONDS);
            }
        } else {
            fail(r, new TaskFailure("task " + r.id + " failed after " + r.attempts + " attempt(s) (max retries "
                    + r.options.maxRetries() + "): " + reason));
        }
    }

    private void succeed(TaskRecord r, Object value, String text) {
        cancelTimeout(r);
        r.result = text;
        r.failure = null;
        if (registry.moveTo(r, TaskPhase.SUCCEEDED, Instant.now())) {
            metrics.finished("succeeded");
            completions.execute(() -> r.future.complete(value));
        }
    }

    private void fail(TaskRecord r, Throwable failure) {
        cancelTimeout(r);
        r.failure = StatusInterpreter.describe(failure);
        if (r.phase == TaskPhase.QUEUED) {
            leftQueue(r);
        }
        if (registry.moveTo(r, TaskPhase.FAILED, Instant.now())) {
            metrics.finished("failed");
            completions.execute(() -> r.future.completeExceptionally(failure));
        }
    }

    private void cancelOnLoop(String taskId) {
        TaskRecord r = registry.get(taskId);
        if (r == null || r.phase.isTerminal()) {
            return;
        }
        if (r.phase == TaskPhase.QUEUED) {
            leftQueue(r);
        } else {
            r.killCause = TaskRecord.KillCause.CANCELLED;
            kill(r);
        }
        cancelTimeout(r);
        registry.moveTo(r, TaskPhase.CANCELLED, Instant.now());
        metrics.finished("cancelled");
        completions.execute(() -> r.future.cancel(true));
    }

    private static void cancelTimeout(TaskRecord r) {
        if (r.timeout != null) {
            r.timeout.cancel(false);
            r.timeout = null;
        }
    }

    /** The task is no longer queued; its room in the queue, if it holds one, goes to the next submission. */
    private void leftQueue(TaskRecord r) {
        queued.decrementAndGet();
        if (r.holdsRoom) {
            r.holdsRoom = false;
            room.release();
        }
    }

    private void kill(TaskRecord r) {
        if (r.mesosTaskId != null && registry.byMesosId(r.mesosTaskId) == r) {
            send(SchedulerCalls.kill(frameworkId, TaskID.newBuilder().setValue(r.mesosTaskId).build(),
                    r.agentId == null ? null : AgentID.newBuilder().setValue(r.agentId).build()));
        }
    }

    private void scheduleTimeout(TaskRecord r, String mesosId) {
        long millis = r.options.timeout().toMillis();
        cancelTimeout(r);
        r.timeout = timer.schedule(() -> post(() -> {
            // A timer only acts if the attempt it was set for is still the live one.
            if (mesosId.equals(r.mesosTaskId) && !r.phase.isTerminal()) {
                r.killCause = TaskRecord.KillCause.TIMED_OUT;
                kill(r);
                metrics.timedOut();
                fail(r, new TaskFailure("task " + r.id + " ran longer than its timeout of " + r.options.timeout()
                        + " and was killed", new java.util.concurrent.TimeoutException(r.options.timeout().toString())));
            }
        }), millis, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------ executors

    private void executorMessage(Event.Message message) {
        try {
            io.ferry.wire.ExecutorHello hello = io.ferry.wire.ExecutorHello.parse(message.getData().toByteArray());
            ExecutorPlace place = new ExecutorPlace(hello.executorId(), hello.agentId(), hello.agentEndpoint(),
                    hello.directory(), hello.pid(), Instant.now(), null);
            executors.put(hello.agentId(), place);
            state = state.withExecutors(List.copyOf(executors.values()));
            log.info("Executor {} runs on agent {} ({}), sandbox {}", hello.executorId(), hello.agentId(),
                    hello.agentEndpoint(), hello.directory());
        } catch (IllegalArgumentException e) {
            log.debug("Ignoring a message from executor {}: {}", message.getExecutorId().getValue(), e.getMessage());
        }
    }

    private void failure(Event.Failure failure) {
        String agent = failure.getAgentId().getValue();
        if (failure.hasExecutorId()) {
            ExecutorPlace place = executors.get(agent);
            if (place != null && place.executorId().equals(failure.getExecutorId().getValue())) {
                executors.put(agent, place.exited(failure.hasStatus() ? failure.getStatus() : null));
                state = state.withExecutors(List.copyOf(executors.values()));
            }
            log.warn("Executor {} on agent {} exited (wait status {})", failure.getExecutorId().getValue(), agent,
                    failure.hasStatus() ? failure.getStatus() : "unknown");
            // Held offers of that agent still list the executor as running; packing against them would leave out
            // the new executor's resources. Give them back; fresh ones will say the truth.
            declineOffersOf(agent);
        } else {
            log.warn("Agent {} was removed", agent);
            declineOffersOf(agent);
        }
    }

    private void declineOffersOf(String agentId) {
        List<OfferID> stale = new ArrayList<>();
        heldOffers.values().removeIf(offer -> {
            if (offer.getAgentId().getValue().equals(agentId)) {
                stale.add(offer.getId());
                offerExpiry.remove(offer.getId().getValue());
                return true;
            }
            return false;
        });
        if (!stale.isEmpty()) {
            send(SchedulerCalls.decline(frameworkId, stale, 0));
            wantOffers();
        }
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private void send(Call call) {
        MasterConnection c = connection;
        if (c == null) {
            return;
        }
        c.send(call).whenComplete((ok, error) -> {
            if (error != null) {
                metrics.callFailed(call.getType());
                log.warn("{} call failed: {}", call.getType(), MasterConnection.describe(error));
            }
        });
    }

    private void publishState() {
        state = state.withCounts(queued.get(), registry.readyCount());
        bytesInFlight = registry.bytesInFlight();
        peakBytesInFlight = registry.peakBytesInFlight();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + (name.equals("ferry-scheduler") ? "" : "-" + n.incrementAndGet()));
            t.setDaemon(true);
            return t;
        };
    }

    /** For tests and the dashboard: the executor every agent runs. */
    public ExecutorSpec executorSpec() {
        return executor;
    }

    /** Task bytes launched and not finished (bounded by {@code ferry.scheduler.max-bytes-in-flight}). */
    public long bytesInFlight() {
        return bytesInFlight;
    }

    /** The most task bytes that were in flight at once since the scheduler started. */
    public long peakBytesInFlight() {
        return peakBytesInFlight;
    }

    /** The number of tasks submitted and not launched yet (ready, or backing off before a retry). */
    public int queuedCount() {
        return queued.get();
    }
}
