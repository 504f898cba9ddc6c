package io.ferry.metrics;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code mesos}: UP while Ferry is subscribed to the master, with the master, the framework id and how long ago the
 * master last sent anything (heartbeats included); DOWN otherwise, with the reason. Both say the mode: {@code local}
 * (the embedded cluster) or {@code remote}. Part of the readiness group (a Ferry that cannot reach Mesos cannot
 * take work), not of liveness (restarting the app would not bring the master back).
 */
public class MesosHealthIndicator extends AbstractHealthIndicator {

    /** The {@code mode} detail. */
    public enum Mode {
        LOCAL, REMOTE;

        String detail() {
            return this == LOCAL ? "local" : "remote";
        }
    }

    private final FerryScheduler scheduler;
    private final Mode mode;

    public MesosHealthIndicator(FerryScheduler scheduler, Mode mode) {
        super("Mesos health check failed");
        this.scheduler = scheduler;
        this.mode = mode;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SchedulerState state = scheduler.state();
        builder.withDetail("mode", mode.detail()).withDetail("connection", state.connection());
        if (state.master() != null) {
            builder.withDetail("master", state.master());
        }
        if (state.connected()) {
            builder.up().withDetail("frameworkId", state.frameworkId())
                    .withDetail("heartbeatIntervalSeconds", state.heartbeatSeconds());
            double since = scheduler.secondsSinceLastEvent();
            if (!Double.isNaN(since)) {
                // Tenths are enough to tell a live stream (under the heartbeat interval) from a dying one.
                builder.withDetail("secondsSinceLastEvent", Math.round(since * 10) / 10.0);
            }
            builder.withDetail("queuedTasks", state.queued());
        } else {
            builder.down().withDetail("reason", reason(state));
        }
    }

    private static String reason(SchedulerState state) {
        if (state.lastError() != null) {
            return state.lastError();
        }
        return switch (state.connection()) {
            case "STARTING" -> "the scheduler has not started yet";
            case "SUBSCRIBING" -> "subscribing to the master, no answer yet";
            default -> "not subscribed (" + state.connection() + ")";
        };
    }
}
