package io.ferry.local.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * The whole environment of a custom executor, as a 1.11 agent with the Mesos containerizer builds it
 * (docs/mesos-notes.md §3.4): the process starts from a cleared environment, so nothing of the JVM running the
 * local cluster (JAVA_HOME, HOME, …) leaks in.
 */
final class ExecutorEnvironment {

    /** stout's {@code os::host_default_path()}, used when nobody sets PATH. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Mesos caps {@code --executor_reregistration_timeout}, and so the executors' backoff, at 15 s. */
    private static final Duration MAX_SUBSCRIPTION_BACKOFF = Duration.ofSeconds(15);

    private ExecutorEnvironment() {
    }

    /**
     * @param agentEndpoint {@code ip:port} of the agent
     * @param settings      the agent's timers: shutdown grace period (unless the ExecutorInfo sets one), and the
     *                      recovery timeout and reregistration timeout of checkpointing executors
     */
    static Map<String, String> of(FrameworkInfo framework, ExecutorInfo executor, String agentId,
            String agentEndpoint, Path directory, AgentSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("LIBPROCESS_PORT", "0");
        env.put("MESOS_FRAMEWORK_ID", framework.getId().getValue());
        env.put("MESOS_EXECUTOR_ID", executor.getExecutorId().getValue());
        env.put("MESOS_DIRECTORY", directory.toString());
        env.put("MESOS_SANDBOX", directory.toString()); // no container image: the host path (§3.4)
        env.put("MESOS_SLAVE_ID", agentId);
        env.put("MESOS_SLAVE_PID", "slave(1)@" + agentEndpoint);
        env.put("MESOS_AGENT_ENDPOINT", agentEndpoint);
        env.put("MESOS_CHECKPOINT", framework.getCheckpoint() ? "1" : "0"); // "1"/"0", not true/false (§3.4)
        if (framework.getCheckpoint()) {
            // As a 1.11 agent: the executor retries for --recovery_timeout, waiting at most
            // --executor_reregistration_timeout between attempts, so it is back before the agent gives up on it.
            Duration backoff = settings.executorReregistrationTimeout();
            env.put("MESOS_RECOVERY_TIMEOUT", stoutDuration(settings.executorRecoveryTimeout()));
            env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", stoutDuration(
                    backoff.compareTo(MAX_SUBSCRIPTION_BACKOFF) > 0 ? MAX_SUBSCRIPTION_BACKOFF : backoff));
        }
        env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", stoutDuration(gracePeriod(executor,
                settings.executorShutdownGracePeriod())));
        for (Environment.Variable v : executor.getCommand().getEnvironment().getVariablesList()) {
            // CommandInfo.environment wins on conflict (§3.4). Secrets are not supported: only plain values.
            env.put(v.getName(), v.getValue());
        }
        return env;
    }

    static Duration gracePeriod(ExecutorInfo executor, Duration defaultGrace) {
        return executor.hasShutdownGracePeriod()
                ? Duration.ofNanos(executor.getShutdownGracePeriod().getNanoseconds()) : defaultGrace;
    }

    /** A duration in stout's syntax, in the largest unit that states it exactly: {@code 5secs}, {@code 250ms}. */
    static String stoutDuration(Duration duration) {
        long nanos = duration.toNanos();
        long[] sizes = {604_800_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
                1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] units = {"weeks", "days", "hrs", "mins", "secs", "ms", "us", "ns"};
        for (int i = 0; i < sizes.length; i++) {
            if (nanos != 0 && nanos % sizes[i] == 0) {
                return nanos / sizes[i] + units[i];
            }
        }
        return "0ns";
    }
}
