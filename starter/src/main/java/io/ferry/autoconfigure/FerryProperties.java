package io.ferry.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Ferry's configuration, under {@code ferry.*}. Validated at start-up: a bad value stops the app with one line
 * naming the property and the reason.
 *
 * @param mesos         where the Mesos master is and how Ferry registers with it
 * @param advertisedUrl the URL agents use to reach this app (executor jar, launch script, classes); default
 *                      {@code http://<host name>:<port>}, or {@code http://127.0.0.1:<port>} in local mode
 * @param executor      the executor every agent runs for Ferry
 * @param task          defaults for tasks submitted without options
 * @param local         the embedded cluster started when {@code ferry.mesos.master} is not set
 * @param queue         the queue of submitted tasks not launched yet
 * @param scheduler     how much the scheduler launches at once
 * @param history       how many finished tasks the dashboard and API remember
 */
@Validated
@ConfigurationProperties("ferry")
public record FerryProperties(
        @Valid @DefaultValue Mesos mesos,
        URI advertisedUrl,
        @Valid @DefaultValue Executor executor,
        @Valid @DefaultValue TaskDefaults task,
        @Valid @DefaultValue Local local,
        @Valid @DefaultValue Queue queue,
        @Valid @DefaultValue Scheduler scheduler,
        @Valid @DefaultValue History history) {

    /** True when no master is configured: Ferry starts its embedded local cluster. */
    public boolean localMode() {
        return mesos.master() == null;
    }

    /**
     * @param master          the master's URL, e.g. {@code http://mesos-master:5050}; unset = local mode
     * @param frameworkName   the framework name shown in the Mesos UI
     * @param user            the Unix user executors run as; default: the user running this app
     * @param role            the role Ferry's offers come from
     * @param principal       the principal for HTTP framework authentication (Basic), if the master wants one
     * @param secret          the secret that goes with {@link #principal}
     * @param failoverTimeout how long the master keeps Ferry's tasks and executors after its connection breaks
     * @param stateDir        where the framework id is kept between restarts
     * @param declineRefuse   how long an offer Ferry cannot use is withheld from it (a Mesos decline filter)
     * @param teardownOnStop  whether a clean shutdown removes the framework from Mesos (ends all its tasks)
     */
    public record Mesos(
            URI master,
            @DefaultValue("ferry") @NotBlank String frameworkName,
            String user,
            @DefaultValue("*") @NotBlank String role,
            String principal,
            String secret,
            @DefaultValue("7d") Duration failoverTimeout,
            @DefaultValue("ferry-state") Path stateDir,
            @DefaultValue("5s") Duration declineRefuse,
            @DefaultValue("false") boolean teardownOnStop) {
    }

    /**
     * @param cpus            CPU shares of the executor itself (charged once per agent)
     * @param memMb           memory of the executor itself in MiB; its JVM heap is 60 % of it, and it accepts tasks
     *                        up to an eighth of that heap (16 MiB from 256 MiB on)
     * @param java            path of {@code java} on the agents; empty = the launch script looks at JAVA_HOME, then PATH.
     *                        In local mode it defaults to the JVM running this app
     * @param javaOpts        options for the executor JVM
     * @param threads         the most tasks one executor runs at once
     * @param maxResultSize   the largest serialized result; a larger one fails its task with a message saying so
     * @param token           the token the executor presents when it fetches classes; default: random per start
     * @param shutdownGrace   how long the executor may take to shut down before it is killed
     */
    public record Executor(
            @DefaultValue("0.1") @DecimalMin(value = "0.01", message = "must be at least 0.01") double cpus,
            @DefaultValue("256") @DecimalMin(value = "64", message = "must be at least 64 (MiB)") double memMb,
            String java,
            @DefaultValue("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xshare:auto") String javaOpts,
            @DefaultValue("64") @Min(1) @Max(4096) int threads,
            @DefaultValue("8MB") DataSize maxResultSize,
            String token,
            @DefaultValue("5s") Duration shutdownGrace) {
    }

    /**
     * @param cpus       CPU shares per task
     * @param memMb      memory per task in MiB
     * @param timeout    how long a task may run
     * @param maxRetries how often a task whose executor or agent died is launched again
     * @param name       the Mesos task name
     */
    public record TaskDefaults(
            @DefaultValue("0.1") @DecimalMin(value = "0.001", message = "must be at least 0.001") double cpus,
            @DefaultValue("32") @DecimalMin(value = "1", message = "must be at least 1 (MiB)") double memMb,
            @DefaultValue("10m") Duration timeout,
            @DefaultValue("2") @Min(0) @Max(100) int maxRetries,
            @DefaultValue("ferry-task") @NotBlank String name) {
    }

    /**
     * @param agents  how many agents the embedded cluster has
     * @param cpus    CPU shares per agent
     * @param memMb   memory per agent in MiB
     * @param workDir where agents keep sandboxes; default: a temporary directory
     */
    public record Local(
            @DefaultValue("2") @Min(1) @Max(64) int agents,
            @DefaultValue("4") @Positive double cpus,
            @DefaultValue("4096") @Positive double memMb,
            Path workDir) {
    }

    /** @param capacity the most submitted tasks queued (not launched yet); submitting past it fails at once */
    public record Queue(@DefaultValue("200000") @Min(1) int capacity) {
    }

    /**
     * @param maxBytesInFlight the most task bytes (serialized tasks) launched and not finished; further tasks wait in
     *                         the queue, in order. A task larger than this still runs, alone. Default: 1/64
     *                         of this app's maximum heap (every launched byte is copied on its way, and in local
     *                         mode the master and the agents copy it in this heap too)
     */
    public record Scheduler(DataSize maxBytesInFlight) {
    }

    /** @param size how many finished tasks are remembered */
    public record History(@DefaultValue("10000") @Min(0) int size) {
    }
}
