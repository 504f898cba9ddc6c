package io.ferry.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The scheduler's meters, scraped as {@code ferry_…} at {@code /actuator/prometheus} (the README's "Prometheus"
 * section lists them with their Prometheus names). Names are constants, so tests, alert rules and dashboards can
 * rely on them; tags take a bounded set of values (never a task id).
 *
 * <p>The scheduler does more than 10,000 tasks a second, so nothing here looks a meter up per task: every tag value
 * has its meter registered up front (or once, on first use) in an array indexed by the enum's ordinal, and a task's
 * timings are plain {@code System.nanoTime} differences.
 */
public final class SchedulerMetrics {

    public static final String TASKS_SUBMITTED = "ferry.tasks.submitted";
    /** Attempts launched (a retried task is launched again). */
    public static final String TASKS_LAUNCHED = "ferry.tasks.launched";
    /** Tasks whose future completed, tagged {@code state} ({@link Ended#tag()}). */
    public static final String TASKS_ENDED = "ferry.tasks.ended";
    public static final String TASKS_RETRIES = "ferry.tasks.retries";
    public static final String TASKS_QUEUED = "ferry.tasks.queued";
    /** Tasks launched and not ended: on their way to an agent, or running there. */
    public static final String TASKS_RUNNING = "ferry.tasks.running";
    public static final String PAYLOAD_IN_FLIGHT = "ferry.tasks.payload.in.flight";
    public static final String PAYLOAD_IN_FLIGHT_PEAK = "ferry.tasks.payload.in.flight.peak";
    /** From submission (or from being queued again for a retry) to the launch. */
    public static final String QUEUE_WAIT = "ferry.tasks.queue.wait";
    /** From the launch of the task's last attempt to its end. */
    public static final String RUN_DURATION = "ferry.tasks.run.duration";
    /** From submission to the future's completion, whatever the outcome. */
    public static final String ROUND_TRIP = "ferry.tasks.round.trip";

    public static final String OFFERS_RECEIVED = "ferry.offers.received";
    /** Offers tasks were launched into. */
    public static final String OFFERS_ACCEPTED = "ferry.offers.accepted";
    /** Offers given back, tagged {@code reason} ({@link OfferDecision.Reason}, in lower case). */
    public static final String OFFERS_DECLINED = "ferry.offers.declined";
    public static final String OFFERS_RESCINDED = "ferry.offers.rescinded";
    /** Held offers that died with their subscription (docs/mesos-notes.md §5). */
    public static final String OFFERS_VOIDED = "ferry.offers.voided";
    public static final String OFFERS_HELD = "ferry.offers.held";
    public static final String REVIVES = "ferry.offers.revives";
    public static final String SUPPRESSES = "ferry.offers.suppresses";

    /** Events from the master by {@code type}; {@code type="HEARTBEAT"} counts heartbeats. */
    public static final String EVENTS = "ferry.mesos.events";
    public static final String UPDATES_RECEIVED = "ferry.mesos.updates.received";
    /** Updates whose ACKNOWLEDGE the master accepted. */
    public static final String UPDATES_ACKNOWLEDGED = "ferry.mesos.updates.acknowledged";
    /** Calls to the master (a Timer), tagged {@code type} and {@code outcome} (success, failure). */
    public static final String CALLS = "ferry.mesos.calls";
    public static final String SUBSCRIBED = "ferry.mesos.subscribed";
    /** Subscriptions lost or refused, each followed by another SUBSCRIBE after a backoff. */
    public static final String RECONNECTS = "ferry.mesos.reconnects";
    public static final String SINCE_LAST_EVENT = "ferry.mesos.since.last.event";

    /** Runs of Ferry's executor that said hello and have not exited. */
    public static final String EXECUTORS_RUNNING = "ferry.executors.running";
    /** Launches that start Ferry's executor on an agent. */
    public static final String EXECUTORS_LAUNCHED = "ferry.executors.launched";
    /** Steps of the scheduler loop that threw: the loop logs and swallows them to go on, so they are counted. */
    public static final String LOOP_ERRORS = "ferry.scheduler.loop.errors";

    /**
     * The service-level-objective buckets of the task timers, 1 ms to 1 h. Explicit buckets rather than
     * {@code publishPercentileHistogram} with a minimum and maximum: Micrometer's generated buckets are fine-grained
     * (99 of them between 1 ms and 1 h in Micrometer 1.16, each a series per timer); these 20 (1-2.5-5 per decade,
     * then minutes) keep {@code histogram_quantile} within a bucket's width, which is plenty to tell 1 ms from
     * 10 ms or 1 min from 10 min.
     */
    static final Duration[] TASK_BUCKETS = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000);

    /** Ended states, the {@code state} tag of {@link #TASKS_ENDED}. */
    public enum Ended {
        /** Completed with its result. */
        FINISHED,
        /** The task threw (or its result or failure could not be read). */
        FAILED,
        /** Cancelled by its caller or an operator. */
        KILLED,
        /** Its executor or agent died under its last attempt (TASK_LOST, TASK_GONE, executor exit…). */
        LOST,
        /** Ferry could not run it: Mesos refused its launch (TASK_ERROR), no agent could start the executor, or
         * the app stopped under it. */
        ERROR,
        /** Killed for running past its timeout. */
        TIMED_OUT,
        /** A task of an earlier run of the app that nobody waits for: killed. */
        ORPHANED;

        /** The tag value: the name in lower case. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counter submitted;
    private final Counter launched;
    private final Counter retries;
    private final Counter offersReceived;
    private final Counter offersAccepted;
    private final Counter offersRescinded;
    private final Counter offersVoided;
    private final Counter revives;
    private final Counter suppresses;
    private final Counter reconnects;
    private final Counter executorsLaunched;
    private final Counter loopErrors;
    private final Timer queueWait;
    private final Timer runDuration;
    private final Timer roundTrip;
    private final Counter[] ended = new Counter[Ended.values().length];
    private final Counter[] declined = new Counter[OfferDecision.Reason.values().length];
    private final Counter[] events = new Counter[Event.Type.values().length];
    private final Counter[] updatesReceived = new Counter[TaskState.values().length];
    private final Counter[] updatesAcknowledged = new Counter[TaskState.values().length];
    private final CallTimers calls;

    public SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        submitted = counter(TASKS_SUBMITTED, "Tasks submitted");
        launched = counter(TASKS_LAUNCHED, "Task attempts launched (sent in an ACCEPT)");
        retries = counter(TASKS_RETRIES, "Task attempts that ended without an answer and are tried again");
        offersReceived = counter(OFFERS_RECEIVED, "Offers received from the master");
        offersAccepted = counter(OFFERS_ACCEPTED, "Offers tasks were launched into");
        offersRescinded = counter(OFFERS_RESCINDED, "Held offers the master took back");
        offersVoided = counter(OFFERS_VOIDED, "Held offers void because their subscription ended");
        revives = counter(REVIVES, "REVIVE calls: ready work asked for offers");
        suppresses = counter(SUPPRESSES, "SUPPRESS calls: no work, no offers wanted");
        reconnects = counter(RECONNECTS, "Subscriptions to the master lost or refused, each followed by a new one");
        executorsLaunched = counter(EXECUTORS_LAUNCHED, "Launches that start Ferry's executor on an agent");
        loopErrors = counter(LOOP_ERRORS, "Steps of the scheduler loop that threw");
        queueWait = taskTimer(QUEUE_WAIT, "Time tasks waited in the queue before a launch");
        runDuration = taskTimer(RUN_DURATION, "Time from the launch of a task's last attempt to its end");
        roundTrip = taskTimer(ROUND_TRIP, "Time from a task's submission to its future's completion");
        for (Ended state : Ended.values()) {
            ended[state.ordinal()] = Counter.builder(TASKS_ENDED).tag("state", state.tag())
                    .description("Tasks ended, by how").register(registry);
        }
        for (OfferDecision.Reason reason : OfferDecision.Reason.values()) {
            declined[reason.ordinal()] = Counter.builder(OFFERS_DECLINED)
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Offers declined, by why nothing went into them").register(registry);
        }
        for (Event.Type type : Event.Type.values()) {
            events[type.ordinal()] = Counter.builder(EVENTS).tag("type", type.name())
                    .description("Events from the master, by type").register(registry);
        }
        for (TaskState state : TaskState.values()) {
            updatesReceived[state.ordinal()] = Counter.builder(UPDATES_RECEIVED).tag("state", state.name())
                    .description("Task status updates received, by state").register(registry);
            updatesAcknowledged[state.ordinal()] = Counter.builder(UPDATES_ACKNOWLEDGED).tag("state", state.name())
                    .description("Task status updates acknowledged to the master, by state").register(registry);
        }
        calls = new CallTimers(registry, CALLS);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private Timer taskTimer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(TASK_BUCKETS).register(registry);
    }

    static Duration[] millis(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000));
        }
        return out;
    }

    void bind(FerryScheduler scheduler) {
        Gauge.builder(TASKS_QUEUED, scheduler, FerryScheduler::queuedCount)
                .description("Tasks submitted and not launched yet (ready, or backing off before a retry)")
                .register(registry);
        Gauge.builder(TASKS_RUNNING, scheduler, FerryScheduler::runningCount)
                .description("Tasks launched and not ended").register(registry);
        Gauge.builder(PAYLOAD_IN_FLIGHT, scheduler, FerryScheduler::bytesInFlight).baseUnit("bytes")
                .description("Serialized task bytes launched and not ended").register(registry);
        Gauge.builder(PAYLOAD_IN_FLIGHT_PEAK, scheduler, FerryScheduler::peakBytesInFlight).baseUnit("bytes")
                .description("The most serialized task bytes in flight at once so far").register(registry);
        Gauge.builder(OFFERS_HELD, scheduler, s -> s.state().offers().size())
                .description("Offers held now").register(registry);
        Gauge.builder(SUBSCRIBED, scheduler, s -> s.state().connected() ? 1 : 0)
                .description("1 while subscribed to the Mesos master, else 0").register(registry);
        Gauge.builder(SINCE_LAST_EVENT, scheduler, FerryScheduler::secondsSinceLastEvent).baseUnit("seconds")
                .description("Seconds since the last event (heartbeats included) from the master; NaN before the"
                        + " first").register(registry);
        Gauge.builder(EXECUTORS_RUNNING, scheduler,
                        s -> s.state().executors().stream().filter(ExecutorPlace::running).count())
                .description("Runs of Ferry's executor that said hello and have not exited").register(registry);
    }

    void submitted() {
        submitted.increment();
    }

    void launched(int n) {
        launched.increment(n);
    }

    /** A task launched after {@code nanos} in the queue. */
    void waited(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A task ended. {@code launchedNanos} is 0 when it never launched; {@code submittedNanos} 0 for an orphan (no
     * submission of ours).
     */
    void ended(Ended state, long submittedNanos, long launchedNanos, long nowNanos) {
        ended[state.ordinal()].increment();
        if (launchedNanos != 0) {
            runDuration.record(nowNanos - launchedNanos, TimeUnit.NANOSECONDS);
        }
        if (submittedNanos != 0) {
            roundTrip.record(nowNanos - submittedNanos, TimeUnit.NANOSECONDS);
        }
    }

    void retried() {
        retries.increment();
    }

    void event(Event.Type type) {
        events[type.ordinal()].increment();
    }

    void update(TaskState state) {
        updatesReceived[state.ordinal()].increment();
    }

    void acknowledged(TaskState state) {
        updatesAcknowledged[state.ordinal()].increment();
    }

    /** A call to the master was answered (or failed) {@code nanos} after it was made. */
    void call(org.apache.mesos.v1.scheduler.Protos.Call.Type type, boolean success, long nanos) {
        calls.record(type, success, nanos);
    }

    void offersReceived(int offers) {
        offersReceived.increment(offers);
    }

    void accepted(int offers) {
        offersAccepted.increment(offers);
    }

    void declined(OfferDecision.Reason reason, int offers) {
        declined[reason.ordinal()].increment(offers);
    }

    void rescinded() {
        offersRescinded.increment();
    }

    void voided(int offers) {
        offersVoided.increment(offers);
    }

    void revived() {
        revives.increment();
    }

    void suppressed() {
        suppresses.increment();
    }

    void reconnecting() {
        reconnects.increment();
    }

    void executorLaunched() {
        executorsLaunched.increment();
    }

    void loopFailed() {
        loopErrors.increment();
    }
}
