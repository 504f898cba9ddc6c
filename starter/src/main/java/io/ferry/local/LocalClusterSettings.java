package io.ferry.local;

import io.ferry.local.agent.AgentSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an embedded {@link LocalCluster}: how many agents, what each offers, where sandboxes live, and the
 * timers that real Mesos takes from its flags.
 *
 * @param agents                      number of agents, at least 1
 * @param cpusPerAgent                cpus each agent offers, positive
 * @param memMbPerAgent               memory (MiB) each agent offers, positive
 * @param diskMbPerAgent              disk (MiB) each agent offers, zero or more
 * @param workDir                     the agents' work directory; sandboxes live below
 *                                    {@code <workDir>/slaves/<agentId>/…} (Mesos {@code --work_dir})
 * @param heartbeatInterval           interval of the master's HEARTBEAT events (Mesos: 15 s, fixed); tests shorten it
 * @param executorRegistrationTimeout how long an executor has to SUBSCRIBE after its launch began, fetching included
 *                                    (Mesos {@code --executor_registration_timeout}, 1 min)
 * @param executorShutdownGracePeriod time between the SHUTDOWN event and the forced kill, unless the ExecutorInfo
 *                                    sets its own (Mesos {@code --executor_shutdown_grace_period}, 5 s)
 * @param statusUpdateRetryInterval   first interval of the agent's status update retransmission; it doubles up to
 *                                    {@link AgentSettings#STATUS_UPDATE_RETRY_MAX} (Mesos: 10 s, capped at 10 min)
 * @param executorReregistrationTimeout how long a restarted agent waits for its executors to subscribe again before
 *                                    it kills them (Mesos {@code --executor_reregistration_timeout}, 2 s); also the
 *                                    executors' {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}, as in Mesos
 * @param executorRecoveryTimeout     how long a checkpointing executor keeps trying to resubscribe after its agent
 *                                    went away, passed as {@code MESOS_RECOVERY_TIMEOUT} (Mesos
 *                                    {@code --recovery_timeout}, 15 min)
 * @since 0.1
 */
public record LocalClusterSettings(
        int agents,
        double cpusPerAgent,
        double memMbPerAgent,
        double diskMbPerAgent,
        Path workDir,
        Duration heartbeatInterval,
        Duration executorRegistrationTimeout,
        Duration executorShutdownGracePeriod,
        Duration statusUpdateRetryInterval,
        Duration executorReregistrationTimeout,
        Duration executorRecoveryTimeout) {

    /** Mesos' default {@code --executor_reregistration_timeout}. */
    public static final Duration DEFAULT_EXECUTOR_REREGISTRATION_TIMEOUT = Duration.ofSeconds(2);
    /** Mesos' default {@code --recovery_timeout}. */
    public static final Duration DEFAULT_EXECUTOR_RECOVERY_TIMEOUT = Duration.ofMinutes(15);
    /**
     * {@code MESOS_RECOVERY_TIMEOUT} for a cluster that lives in the process of the framework using it, as Ferry's
     * local mode does: 5 s. On a real cluster an executor outlives its agent's restart (an upgrade, a crash, with
     * the agent back within {@code --recovery_timeout}; docs/mesos-notes.md §3.5, §12). An embedded agent has no
     * process of its own to restart: its server goes away only with the process that holds it — killed, crashed,
     * or stopped without closing the cluster — or when a test stops it ({@link LocalCluster#stopAgent}; such tests
     * choose their own settings). An executor that lost it then waits for nobody: with 15 minutes it would run its
     * tasks on, and retry SUBSCRIBE, long after the app died. 5 s is more than the executors'
     * {@code MESOS_SUBSCRIPTION_BACKOFF_MAX} (2 s), so they retry at least once, and ends them within seconds
     * through the executor API's own rule, with nothing a real agent would not tell them.
     */
    public static final Duration IN_PROCESS_EXECUTOR_RECOVERY_TIMEOUT = Duration.ofSeconds(5);

    public LocalClusterSettings {
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1, was " + agents);
        }
        requirePositive("cpusPerAgent", cpusPerAgent);
        requirePositive("memMbPerAgent", memMbPerAgent);
        if (!(diskMbPerAgent >= 0) || Double.isInfinite(diskMbPerAgent)) {
            throw new IllegalArgumentException("diskMbPerAgent must be zero or more, was " + diskMbPerAgent);
        }
        Objects.requireNonNull(workDir, "workDir");
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("executorRegistrationTimeout", executorRegistrationTimeout);
        Objects.requireNonNull(executorShutdownGracePeriod, "executorShutdownGracePeriod");
        if (executorShutdownGracePeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "executorShutdownGracePeriod must not be negative, was " + executorShutdownGracePeriod);
        }
        requirePositive("statusUpdateRetryInterval", statusUpdateRetryInterval);
        requirePositive("executorReregistrationTimeout", executorReregistrationTimeout);
        requirePositive("executorRecoveryTimeout", executorRecoveryTimeout);
        workDir = workDir.toAbsolutePath().normalize();
    }

    /**
     * The settings without the recovery timers, which take the Mesos defaults (2 s and 15 min).
     *
     * @since 0.1
     */
    public LocalClusterSettings(int agents, double cpusPerAgent, double memMbPerAgent, double diskMbPerAgent,
            Path workDir, Duration heartbeatInterval, Duration executorRegistrationTimeout,
            Duration executorShutdownGracePeriod, Duration statusUpdateRetryInterval) {
        this(agents, cpusPerAgent, memMbPerAgent, diskMbPerAgent, workDir, heartbeatInterval,
                executorRegistrationTimeout, executorShutdownGracePeriod, statusUpdateRetryInterval,
                DEFAULT_EXECUTOR_REREGISTRATION_TIMEOUT, DEFAULT_EXECUTOR_RECOVERY_TIMEOUT);
    }

    /** What each agent needs of these settings. */
    public AgentSettings agent() {
        return new AgentSettings(workDir, executorRegistrationTimeout, executorShutdownGracePeriod,
                statusUpdateRetryInterval, executorReregistrationTimeout, executorRecoveryTimeout);
    }

    /**
     * One agent with 4 cpus, 4096 MiB memory and 10240 MiB disk, and the Mesos defaults for every timer.
     *
     * @param workDir the agents' work directory
     */
    public static LocalClusterSettings defaults(Path workDir) {
        return new LocalClusterSettings(1, 4, 4096, 10240, workDir, Duration.ofSeconds(15), Duration.ofMinutes(1),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** A copy with {@code agents} agents that each offer {@code cpus}, {@code memMb} and {@code diskMb}. */
    public LocalClusterSettings withAgents(int agents, double cpus, double memMb, double diskMb) {
        return new LocalClusterSettings(agents, cpus, memMb, diskMb, workDir, heartbeatInterval,
                executorRegistrationTimeout, executorShutdownGracePeriod, statusUpdateRetryInterval,
                executorReregistrationTimeout, executorRecoveryTimeout);
    }

    /** A copy with another heartbeat interval. */
    public LocalClusterSettings withHeartbeatInterval(Duration interval) {
        return new LocalClusterSettings(agents, cpusPerAgent, memMbPerAgent, diskMbPerAgent, workDir, interval,
                executorRegistrationTimeout, executorShutdownGracePeriod, statusUpdateRetryInterval,
                executorReregistrationTimeout, executorRecoveryTimeout);
    }

    /** A copy with another executor registration timeout. */
    public LocalClusterSettings withExecutorRegistrationTimeout(Duration timeout) {
        return new LocalClusterSettings(agents, cpusPerAgent, memMbPerAgent, diskMbPerAgent, workDir,
                heartbeatInterval, timeout, executorShutdownGracePeriod, statusUpdateRetryInterval,
                executorReregistrationTimeout, executorRecoveryTimeout);
    }

    /** A copy with another executor shutdown grace period. */
    public LocalClusterSettings withExecutorShutdownGracePeriod(Duration grace) {
        return new LocalClusterSettings(agents, cpusPerAgent, memMbPerAgent, diskMbPerAgent, workDir,
                heartbeatInterval, executorRegistrationTimeout, grace, statusUpdateRetryInterval,
                executorReregistrationTimeout, executorRecoveryTimeout);
    }

    /** A copy with another first status update retry interval. */
    public LocalClusterSettings withStatusUpdateRetryInterval(Duration interval) {
        return new LocalClusterSettings(agents, cpusPerAgent, memMbPerAgent, diskMbPerAgent, workDir,
                heartbeatInterval, executorRegistrationTimeout, executorShutdownGracePeriod, interval,
                executorReregistrationTimeout, executorRecoveryTimeout);
    }

    /**
     * A copy with another executor reregistration timeout: how long a restarted agent waits for its executors
     * ({@link LocalCluster#restartAgent}).
     */
    public LocalClusterSettings withExecutorReregistrationTimeout(Duration timeout) {
        return new LocalClusterSettings(agents, cpusPerAgent, memMbPerAgent, diskMbPerAgent, workDir,
                heartbeatInterval, executorRegistrationTimeout, executorShutdownGracePeriod, statusUpdateRetryInterval,
                timeout, executorRecoveryTimeout);
    }

    /** A copy with another {@code MESOS_RECOVERY_TIMEOUT} for checkpointing executors. */
    public LocalClusterSettings withExecutorRecoveryTimeout(Duration timeout) {
        return new LocalClusterSettings(agents, cpusPerAgent, memMbPerAgent, diskMbPerAgent, workDir,
                heartbeatInterval, executorRegistrationTimeout, executorShutdownGracePeriod, statusUpdateRetryInterval,
                executorReregistrationTimeout, timeout);
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
