package io.ferry.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * One Timer per call type and outcome ({@code success}, {@code failure}) of the calls to the master. A timer is
 * registered the first time its pair happens, not up front: of the twenty-odd call types Ferry makes a handful, and
 * every timer exports a series per bucket. Answers arrive on the connection's threads, so the timers are kept in an
 * atomic array indexed by type and outcome: no lookup, no lock, no allocation per call once registered.
 */
final class CallTimers {

    /** 1 ms to a minute: calls are answered in milliseconds, and time out after 75 s (MasterSession). */
    static final Duration[] BUCKETS = SchedulerMetrics.millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500,
            5_000, 10_000, 30_000, 60_000);

    private final MeterRegistry registry;
    private final String name;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Call.Type.values().length * 2);

    CallTimers(MeterRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    void record(Call.Type type, boolean success, long nanos) {
        int i = type.ordinal() * 2 + (success ? 0 : 1);
        Timer timer = timers.get(i);
        if (timer == null) {
            // Two threads may both get here: the registry returns the same timer to both.
            timer = Timer.builder(name).tag("type", type.name()).tag("outcome", success ? "success" : "failure")
                    .description("Calls to the Mesos master, by type and outcome")
                    .serviceLevelObjectives(BUCKETS).register(registry);
            timers.set(i, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
