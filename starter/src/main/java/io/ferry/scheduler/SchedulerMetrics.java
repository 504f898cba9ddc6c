package io.ferry.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The scheduler's meters. Names are constants, so tests and dashboards can rely on them; every event kind, every
 * status update state and every outcome has its own counter.
 */
public final class SchedulerMetrics {

    public static final String TASKS_SUBMITTED = "ferry.tasks.submitted";
    public static final String TASKS_LAUNCHED = "ferry.tasks.launched";
    public static final String TASKS_FINISHED = "ferry.tasks.finished";
    public static final String TASKS_RETRIED = "ferry.tasks.retried";
    public static final String TASKS_TIMED_OUT = "ferry.tasks.timed.out";
    public static final String TASKS_ORPHANS_KILLED = "ferry.tasks.orphans.killed";
    public static final String TASKS_QUEUED = "ferry.tasks.queued";
    public static final String BYTES_IN_FLIGHT = "ferry.tasks.bytes.in.flight";
    public static final String BYTES_IN_FLIGHT_PEAK = "ferry.tasks.bytes.in.flight.peak";
    public static final String EVENTS = "ferry.mesos.events";
    public static final String UPDATES = "ferry.mesos.updates";
    public static final String CALLS_FAILED = "ferry.mesos.calls.failed";
    public static final String OFFERS_RECEIVED = "ferry.offers.received";
    public static final String OFFERS_DECLINED = "ferry.offers.declined";
    public static final String REVIVES = "ferry.offers.revives";
    public static final String SUPPRESSES = "ferry.offers.suppresses";
    public static final String DISCONNECTS = "ferry.mesos.disconnects";
    public static final String CONNECTED = "ferry.mesos.connected";
    /** Steps of the scheduler loop that threw: the loop logs and swallows them to go on, so they are counted. */
    public static final String LOOP_ERRORS = "ferry.scheduler.loop.errors";

    private final MeterRegistry registry;
    private final Counter submitted;
    private final Counter launched;
    private final Counter retried;
    private final Counter timedOut;
    private final Counter orphans;
    private final Counter offersReceived;
    private final Counter offersDeclined;
    private final Counter revives;
    private final Counter suppresses;
    private final Counter disconnects;
    private final Counter loopErrors;
    private final Map<Event.Type, Counter> events = new EnumMap<>(Event.Type.class);
    private final Map<TaskState, Counter> updates = new EnumMap<>(TaskState.class);
    private final Map<String, Counter> finished = new java.util.concurrent.ConcurrentHashMap<>();

    public SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        submitted = registry.counter(TASKS_SUBMITTED);
        launched = registry.counter(TASKS_LAUNCHED);
        retried = registry.counter(TASKS_RETRIED);
        timedOut = registry.counter(TASKS_TIMED_OUT);
        orphans = registry.counter(TASKS_ORPHANS_KILLED);
        offersReceived = registry.counter(OFFERS_RECEIVED);
        offersDeclined = registry.counter(OFFERS_DECLINED);
        revives = registry.counter(REVIVES);
        suppresses = registry.counter(SUPPRESSES);
        disconnects = registry.counter(DISCONNECTS);
        loopErrors = registry.counter(LOOP_ERRORS);
        for (Event.Type type : Event.Type.values()) {
            events.put(type, registry.counter(EVENTS, "type", type.name()));
        }
        for (TaskState state : TaskState.values()) {
            updates.put(state, registry.counter(UPDATES, "state", state.name()));
        }
    }

    void bind(FerryScheduler scheduler) {
        Gauge.builder(TASKS_QUEUED, scheduler, FerryScheduler::queuedCount).register(registry);
        Gauge.builder(BYTES_IN_FLIGHT, scheduler, FerryScheduler::bytesInFlight).baseUnit("bytes").register(registry);
        Gauge.builder(BYTES_IN_FLIGHT_PEAK, scheduler, FerryScheduler::peakBytesInFlight).baseUnit("bytes")
                .register(registry);
        Gauge.builder(CONNECTED, scheduler, s -> s.state().connected() ? 1 : 0).register(registry);
    }

    void submitted() {
        submitted.increment();
    }

    void launched(int n) {
        launched.increment(n);
    }

    void finished(String outcome) {
        // Looked up once per outcome: a registry lookup per task shows in profiles.
        finished.computeIfAbsent(outcome, o -> registry.counter(TASKS_FINISHED, "outcome", o)).increment();
    }

    void retried() {
        retried.increment();
    }

    void timedOut() {
        timedOut.increment();
    }

    void orphanKilled() {
        orphans.increment();
    }

    void event(Event.Type type) {
        events.get(type).increment();
    }

    void update(TaskState state) {
        updates.get(state).increment();
    }

    void callFailed(Call.Type type) {
        registry.counter(CALLS_FAILED, "type", type.name()).increment();
    }

    void offerReceived() {
        offersReceived.increment();
    }

    void declined(int n) {
        offersDeclined.increment(n);
    }

    void revived() {
        revives.increment();
    }

    void suppressed() {
        suppresses.increment();
    }

    void disconnected() {
        disconnects.increment();
    }

    void loopFailed() {
        loopErrors.increment();
    }
}
