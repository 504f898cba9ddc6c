package io.ferry.scheduler;

import com.google.protobuf.ByteString;
import io.ferry.sandbox.SandboxFiles;
import io.ferry.task.TaskOptions;
import io.ferry.wire.http.HttpClientThread;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ferry's Mesos framework: subscribes to the master's v1 scheduler API, packs ready tasks into offers, launches
 * them on Ferry's executor and turns status updates into completed futures.
 *
 * <p>One loop owns all scheduler state (the {@link SchedulerLoop}, on the HTTP client's event-loop thread): master
 * events, submissions, cancellations and timer firings are posted to it and handled in order, so there are no locks
 * around the state. The loop never waits: calls are sent asynchronously and their failures come back as posted
 * work. Other threads read the
 * {@link TaskView}s and the {@link SchedulerState} it publishes.
 *
 * <p>This class is the public face and the wiring: the {@link MasterEventRouter} hands each master event to the
 * part that owns it ({@link MasterSession}, {@link HeldOffers}, {@link TaskLifecycle}, {@link ExecutorDirectory})
 * and, after each batch of work, the {@link Launcher} packs what is ready into what is held.
 */
public class FerryScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FerryScheduler.class);

    private final SchedulerSettings settings;
    private final Supplier<URI> master;
    private final Supplier<URI> appUrl;
    private final SchedulerMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    /** Begins every task id of this run of the app: its start time, so ids differ across runs too. */
    private final String runPrefix = "t" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService completionPool;
    private final CompletionBatch completions;
    private final PublishedState state = new PublishedState();
    private final TaskRegistry registry;
    private final QueueRoom room;
    private final SchedulerLoop loop;
    private final MasterSession session;
    private final HeldOffers offers;
    private final ExecutorDirectory executors;
    private final KnownAgents agents = new KnownAgents(state);
    private final SandboxFiles sandboxFiles;
    private final ExecutorDeaths deaths;
    private final CrashLoops crashLoops;
    private final TaskLifecycle lifecycle;
    private final Launcher launcher;
    private final MasterEventRouter router;
    /** Published by the loop for the gauges: task bytes in flight now, and the most at once so far. */
    private volatile long bytesInFlight;
    private volatile long peakBytesInFlight;
    private volatile int running;

    public FerryScheduler(SchedulerSettings settings, Supplier<URI> master, Supplier<URI> appUrl,
                          SchedulerMetrics metrics) {
        this.settings = settings;
        this.master = master;
        this.appUrl = appUrl;
        this.metrics = metrics;
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("ferry-timer"));
        // A task's timeout timer is cancelled when the task ends; removed at once, it holds nothing for its 10 minutes.
        timer.setRemoveOnCancelPolicy(true);
        this.completionPool = Executors.newCachedThreadPool(daemon("ferry-complete"));
        this.completions = new CompletionBatch(completionPool);
        this.registry = new TaskRegistry(settings.historySize());
        this.room = new QueueRoom(settings.queueCapacity());
        this.loop = new SchedulerLoop(this::afterBatch, metrics);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.session = new MasterSession(settings, master, appUrl, http, metrics, loop, timer, state,
                new MasterSession.Events() {
                    @Override
                    public void event(Event event) {
                        router.handle(event);
                    }

                    @Override
                    public void lost() {
                        offers.clear();
                    }
                });
        this.offers = new HeldOffers(settings, session, metrics, state);
        this.executors = new ExecutorDirectory(registry, session, state);
        this.sandboxFiles = new SandboxFiles(http, settings.principal(), settings.secret());
        this.crashLoops = new CrashLoops(agents, executors, offers, state, loop, timer);
        this.deaths = new ExecutorDeaths(new ExecutorDeaths.Places() {
            @Override
            public ExecutorPlace on(String agentId) {
                return executors.on(agentId);
            }

            @Override
            public String agentEndpoint(String agentId) {
                return agents.endpoint(agentId);
            }

            @Override
            public FrameworkID frameworkId() {
                return session.frameworkId();
            }
        }, new StderrTail(sandboxFiles), loop, timer, crashLoops::died);
        this.lifecycle = new TaskLifecycle(registry, new StatusInterpreter(settings.resultClassLoader()), session,
                executors, deaths, crashLoops, offers, room, metrics, settings.backoff(), loop, timer, completions,
                runPrefix);
        this.launcher = new Launcher(registry, offers, executors, lifecycle, session, metrics, loop,
                settings.maxBytesInFlight());
        this.router = new MasterEventRouter(new MasterEventRouter.Parts(session, offers, lifecycle, executors, agents,
                deaths, crashLoops, registry, metrics));
        metrics.bind(this);
    }

    // ------------------------------------------------------------------------------------------ public API

    /**
     * Queues a serialized task. Called on the caller's thread; the task becomes ready on the loop.
     *
     * @throws RejectedExecutionException if the queue is full or the scheduler stopped
     */
    public void submit(String id, ByteString payload, TaskOptions options, CompletableFuture<Object> future,
                       Duration waitForRoom) {
        if (!loop.running()) {
            throw new RejectedExecutionException("Ferry's scheduler is not running");
        }
        room.take(waitForRoom);
        TaskRecord record = new TaskRecord(id, options, payload, future, Instant.now());
        record.holdsRoom = true;
        // Visible at once, so that a caller who looks its task up right after submit finds it (before the post,
        // so the loop's later views always win).
        registry.publishNew(record);
        metrics.submitted();
        loop.post(() -> {
            registry.add(record);
            offers.wantMore();
        });
    }

    /** A new task id: unique within this run of the app, and across runs (the run's start time is in it). */
    public String newTaskId() {
        return runPrefix + sequence.incrementAndGet();
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
        loop.post(() -> lifecycle.cancel(taskId));
        return true;
    }

    public Optional<TaskView> task(String id) {
        return Optional.ofNullable(registry.views().get(id));
    }

    /** Every task the scheduler remembers: live ones and a bounded history of finished ones. */
    public List<TaskView> tasks() {
        return new ArrayList<>(registry.views().values());
    }

    /**
     * The tasks the scheduler remembers by phase (every phase present): what a pass over {@link #tasks()} would
     * count, kept as the loop moves them. Consistent (no task counted twice or missed), as of the loop's last move.
     */
    public Map<TaskPhase, Integer> tasksByPhase() {
        return registry.publishedByPhase();
    }

    /**
     * Opens the feed of the ids of tasks whose view changed or left the history, for one reader that follows the
     * tasks without walking them all (see {@link TaskChanges}). Its first drain asks for one pass over them all.
     *
     * @throws IllegalStateException when it was opened already: the feed has one reader
     */
    public TaskChanges openTaskChanges() {
        return registry.openChanges(TaskChanges.CAPACITY);
    }

    /**
     * A slice of the tasks the scheduler remembers, filtered, unfinished first and then newest first; on the
     * caller's thread, in one pass over the published views (a page of 100,000 tasks takes milliseconds).
     */
    public TaskMatches tasks(TaskQuery query) {
        return TaskSearch.find(registry.views().values(), query);
    }

    public SchedulerState state() {
        return state.get();
    }

    /**
     * What became of the last offers ({@link OfferHistory#CAPACITY} of them), newest first, as of the loop's last
     * batch: launched into, declined (and why), rescinded, or void.
     */
    public List<OfferDecision> offerDecisions() {
        return offers.decisions();
    }

    /**
     * The client that reads executors' sandbox files through their agents, with the framework's credentials: the
     * one the scheduler reads a dead executor's stderr with.
     */
    public SandboxFiles sandboxFiles() {
        return sandboxFiles;
    }

    /**
     * The registry itself, for code of this package that builds a history without a cluster (a fixture that fills
     * it with finished tasks through its own moves). Only while the loop does not run: the loop owns it.
     */
    TaskRegistry registry() {
        return registry;
    }

    /** For tests and the dashboard: the executor every agent runs. */
    public ExecutorSpec executorSpec() {
        return executors.spec();
    }

    /** Task bytes launched and not finished (bounded by {@code ferry.scheduler.max-bytes-in-flight}). */
    public long bytesInFlight() {
        return bytesInFlight;
    }

    /** The most task bytes that were in flight at once since the scheduler started. */
    public long peakBytesInFlight() {
        return peakBytesInFlight;
    }

    /** The number of tasks launched and not ended (as of the loop's last batch). */
    public int runningCount() {
        return running;
    }

    /**
     * Seconds since the last event from the master, heartbeats included (they come every 15 s from a real master);
     * NaN before the first event.
     */
    public double secondsSinceLastEvent() {
        return session.secondsSinceLastEvent();
    }

    /** The number of tasks submitted and not launched yet (ready, or backing off before a retry). */
    public int queuedCount() {
        return room.queued();
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        URI url = appUrl.get();
        executors.use(ExecutorSpec.build(url, settings.executor()));
        session.loadFrameworkId();
        loop.start(HttpClientThread.executor());
        timer.scheduleWithFixedDelay(() -> loop.post(this::housekeeping), 250, 250, TimeUnit.MILLISECONDS);
        loop.post(session::connect);
        log.info("Ferry scheduler starting: master {}, executor {} served from {}", master.get(),
                executors.spec().executorId(), url);
    }

    @Override
    public void stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> {
            lifecycle.failAll();
            session.teardownIfAsked().whenComplete((v, e) -> done.complete(null));
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Ferry scheduler did not stop cleanly: {}", MasterConnection.describe(e));
        }
        loop.stop(session::close);
        timer.shutdownNow();
        completionPool.shutdown();
    }

    @Override
    public boolean isRunning() {
        return loop.running();
    }

    /**
     * Never paused (Spring's test context cache pauses the contexts it does not use now, and restarts them when a
     * test wants one again): stopping ends the framework for good, its tasks failed, its threads gone, and a
     * scheduler cannot start again.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    // ------------------------------------------------------------------------------------------ on the loop

    /**
     * After each batch of work: launch what fits, ask for offers when needed, publish the state; then hand the
     * batch's completed futures to the completion pool (even if a step failed).
     */
    private void afterBatch() {
        try {
            boolean subscribed = session.isSubscribed();
            if (crashLoops.noAgentCanStart() && room.queued() > 0) {
                lifecycle.failQueued();
            }
            if (subscribed && registry.readyCount() > 0 && !offers.isEmpty()) {
                launcher.launchReady();
            }
            offers.afterBatch(subscribed, registry.readyCount());
            executors.afterBatch();
            state.set(state.get().withCounts(room.queued(), registry.readyCount()));
            bytesInFlight = registry.bytesInFlight();
            peakBytesInFlight = registry.peakBytesInFlight();
            running = registry.running();
        } finally {
            completions.flush();
        }
    }

    private void housekeeping() {
        if (!session.isSubscribed()) {
            return;
        }
        long now = System.nanoTime();
        offers.housekeeping(now, registry.readyCount());
        session.checkHeartbeats(now);
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
