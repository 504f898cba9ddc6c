package io.ferry.metrics;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code mesos}: UP while Ferry is subscribed to the master, DOWN otherwise, with the connection's state and its
 * last error. Part of the readiness group (a Ferry that cannot reach Mesos cannot take work), not of liveness
 * (restarting the app would not bring the master back).
 */
public class MesosHealthIndicator extends AbstractHealthIndicator {

    private final FerryScheduler scheduler;

    public MesosHealthIndicator(FerryScheduler scheduler) {
        super("Mesos health check failed");
        this.scheduler = scheduler;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SchedulerState state = scheduler.state();
        builder.status(state.connected() ? "UP" : "DOWN")
                .withDetail("connection", state.connection())
                .withDetail("queuedTasks", state.queued());
        if (state.master() != null) {
            builder.withDetail("master", state.master());
        }
        if (state.frameworkId() != null) {
            builder.withDetail("frameworkId", state.frameworkId());
        }
        if (!state.connected() && state.lastError() != null) {
            builder.withDetail("lastError", state.lastError());
        }
    }
}
