package io.ferry.scheduler;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * What the scheduler needs from the configuration, already checked and resolved.
 *
 * @param frameworkInfo      the FrameworkInfo to subscribe with, given the app's URL (for {@code webui_url})
 * @param principal          principal for HTTP Basic authentication with the master, or null
 * @param secret             the secret that goes with it, or null
 * @param executor           the executor's settings
 * @param queueCapacity      the most submitted tasks queued at once (retries take no room); more are refused at submit
 * @param maxBytesInFlight   the most task bytes launched and not finished; more tasks stay queued
 * @param historySize        how many finished tasks are remembered
 * @param offerHold          how long an offer nothing fits is held (new work may come) before it is declined
 * @param declineRefuse      the decline filter: how long a declined agent's resources stay away
 * @param missedHeartbeats   how many heartbeat intervals of silence mean the connection is dead
 * @param backoff            the reconnect and retry backoff
 * @param teardownOnStop     TEARDOWN the framework on a clean stop
 * @param frameworkIdStore   where the framework id is kept between runs
 * @param resultClassLoader  the loader that resolves classes of results and failures
 */
public record SchedulerSettings(
        Function<URI, FrameworkInfo> frameworkInfo,
        String principal,
        String secret,
        ExecutorSpec.Settings executor,
        int queueCapacity,
        long maxBytesInFlight,
        int historySize,
        Duration offerHold,
        Duration declineRefuse,
        int missedHeartbeats,
        Backoff backoff,
        boolean teardownOnStop,
        FrameworkIdStore frameworkIdStore,
        ClassLoader resultClassLoader) {

    FrameworkInfo frameworkInfo(URI appUrl) {
        return frameworkInfo.apply(appUrl);
    }

    /** Builds {@link ExecutorSpec.Settings} from outside the package. */
    public static ExecutorSpec.Settings executorSettings(double cpus, double memMb, String java, String javaOpts,
                                                        int threads, long maxResultBytes, String token,
                                                        Duration shutdownGrace) {
        return executorSettings(cpus, memMb, java, javaOpts, threads, maxResultBytes, token, shutdownGrace, null, null);
    }

    /** The same, with a class-data cache on the agents ({@code ferry.executor.cds-dir}) for the jar of that digest. */
    public static ExecutorSpec.Settings executorSettings(double cpus, double memMb, String java, String javaOpts,
                                                        int threads, long maxResultBytes, String token,
                                                        Duration shutdownGrace, String cdsDir, String jarDigest) {
        return new ExecutorSpec.Settings(cpus, memMb, java, javaOpts, threads, maxResultBytes, token, shutdownGrace,
                cdsDir, jarDigest);
    }
}
