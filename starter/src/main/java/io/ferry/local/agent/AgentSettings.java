package io.ferry.local.agent;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What an embedded agent needs of the cluster's settings; built by {@code LocalClusterSettings#agent()} so that the
 * agent does not depend on the cluster that assembles it.
 *
 * @param workDir                       where sandboxes live ({@code <workDir>/slaves/<agent id>/…})
 * @param executorRegistrationTimeout   how long a launched executor may take to subscribe
 * @param executorShutdownGracePeriod   time between the SHUTDOWN event and the forced kill
 * @param statusUpdateRetryInterval     first interval of the status update retransmission; it doubles up to
 *                                      {@link #STATUS_UPDATE_RETRY_MAX}
 * @param executorReregistrationTimeout how long a restarted agent waits for its executors to subscribe again
 * @param executorRecoveryTimeout       how long a checkpointing executor keeps trying to resubscribe
 */
public record AgentSettings(
        Path workDir,
        Duration executorRegistrationTimeout,
        Duration executorShutdownGracePeriod,
        Duration statusUpdateRetryInterval,
        Duration executorReregistrationTimeout,
        Duration executorRecoveryTimeout) {

    /** Cap of the doubling retransmission interval, as in Mesos' status update manager. */
    public static final Duration STATUS_UPDATE_RETRY_MAX = Duration.ofMinutes(10);
}
