package io.ferry.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Ferry's configuration, under {@code ferry.*}. Checked at start-up, before the application context exists
 * ({@link ConfigurationCheck}): the ranges below, then {@link FerryPropertiesRules}; a bad value stops the app with
 * one line naming the property, its value and the reason.
 *
 * <p>The {@code @param} texts below are plain sentences, without Javadoc tags: the configuration processor copies
 * them as they are into the descriptions IDEs show for the properties.
 *
 * @param mesos         Where the Mesos master is and how Ferry registers with it.
 * @param advertisedUrl URL agents use to reach this app (executor jar, launch script, classes). Default:
 *                      http://(host name):(port), or http://127.0.0.1:(port) in local mode, followed by the servlet
 *                      context path and the DispatcherServlet path.
 * @param executor      The executor every agent runs for Ferry.
 * @param task          Defaults for tasks submitted without options.
 * @param local         The embedded cluster started when ferry.mesos.master is not set.
 * @param queue         The queue of submitted tasks not launched yet.
 * @param scheduler     How much the scheduler launches at once.
 * @param history       How many finished tasks the dashboard and API remember.
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
     * Where the Mesos master is and how Ferry registers with it.
     *
     * @param master          URL of the Mesos master, for example http://mesos-master:5050. When not set, Ferry
     *                        starts an embedded local cluster.
     * @param frameworkName   Framework name shown in the Mesos UI.
     * @param user            Unix user executors run as. Default: the user running this app.
     * @param role            Role Ferry's offers come from.
     * @param principal       Principal for HTTP framework authentication (Basic), if the master requires it.
     * @param secret          Secret that goes with ferry.mesos.principal.
     * @param failoverTimeout How long the master keeps Ferry's tasks and executors after its connection breaks.
     * @param stateDir        Directory where the framework id is kept between restarts.
     * @param declineRefuse   How long an offer Ferry cannot use is withheld from it (a Mesos decline filter).
     * @param teardownOnStop  Whether a clean shutdown removes the framework from Mesos, which ends all its tasks.
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
     * The executor every agent runs for Ferry.
     *
     * @param cpus            CPU shares of the executor itself, charged once per agent.
     * @param memMb           Memory of the executor itself in MiB. Its JVM heap is 60 % of it, and it accepts tasks
     *                        up to an eighth of that heap (16 MiB from 256 MiB on).
     * @param java            Path of the java command on the agents. When empty, the launch script looks at
     *                        JAVA_HOME, then PATH; in local mode the default is the JVM running this app.
     * @param javaOpts        Options for the executor JVM. The default keeps both JIT compilers, so user code runs
     *                        as fast as in a plain java (C1 alone, -XX:TieredStopAtLevel=1, ran a compute-bound task
     *                        at about half that speed), with the serial collector and small thread stacks to keep
     *                        one executor per agent modest.
     * @param cdsDir          A directory on the agents where executors keep a class-data archive (AppCDS) of the
     *                        executor jar: the first executor of a jar writes it a few seconds after its first
     *                        task, later ones start from it. An absolute path without white space; the agents' user
     *                        must be able to create it. Empty (the default): none.
     * @param threads         Most tasks one executor runs at once.
     * @param maxResultSize   Largest serialized result. A larger one fails its task with a message saying so.
     * @param token           Token the executor presents when it fetches classes, at least 16 characters.
     *                        Default: a random one per start.
     * @param shutdownGrace   How long the executor may take to shut down before it is killed.
     */
    public record Executor(
            @DefaultValue("0.1") @DecimalMin(value = "0.01", message = "must be at least 0.01") double cpus,
            @DefaultValue("256") @DecimalMin(value = "64", message = "must be at least 64 (MiB)") double memMb,
            String java,
            @DefaultValue("-XX:+UseSerialGC -Xss512k -Xshare:auto") String javaOpts,
            @Pattern(regexp = "|/\\S*", message = "must be empty or an absolute path without white space")
            @DefaultValue("") String cdsDir,
            @DefaultValue("64") @Min(1) @Max(4096) int threads,
            @DefaultValue("8MB") DataSize maxResultSize,
            String token,
            @DefaultValue("5s") Duration shutdownGrace) {
    }

    /**
     * Defaults for tasks submitted without options.
     *
     * @param cpus       CPU shares per task.
     * @param memMb      Memory per task in MiB.
     * @param timeout    How long a task may run.
     * @param maxRetries How often a task whose executor or agent died is launched again.
     * @param name       Mesos task name, at most 200 characters.
     */
    public record TaskDefaults(
            @DefaultValue("0.1") @DecimalMin(value = "0.001", message = "must be at least 0.001") double cpus,
            @DefaultValue("32") @DecimalMin(value = "1", message = "must be at least 1 (MiB)") double memMb,
            @DefaultValue("10m") Duration timeout,
            @DefaultValue("2") @Min(0) @Max(100) int maxRetries,
            @DefaultValue("ferry-task") @NotBlank @Size(max = 200) String name) {
    }

    /**
     * The embedded cluster started when ferry.mesos.master is not set.
     *
     * @param agents  Number of agents in the embedded cluster.
     * @param cpus    CPU shares per agent.
     * @param memMb   Memory per agent in MiB.
     * @param workDir Directory where agents keep sandboxes. Default: a temporary directory, removed when the app
     *                stops.
     */
    public record Local(
            @DefaultValue("2") @Min(1) @Max(64) int agents,
            @DefaultValue("4") @Positive double cpus,
            @DefaultValue("4096") @Positive double memMb,
            Path workDir) {
    }

    /**
     * The queue of submitted tasks not launched yet.
     *
     * @param capacity Most tasks queued (submitted, not launched yet). Submitting past it fails at once.
     */
    public record Queue(@DefaultValue("200000") @Min(1) int capacity) {
    }

    /**
     * How much the scheduler launches at once.
     *
     * @param maxBytesInFlight Most task bytes (serialized tasks) launched and not finished. Further tasks wait in
     *                         the queue, in order; a task larger than this still runs, alone. Default: 1/64 of this
     *                         app's maximum heap (every launched byte is copied on its way, and in local mode the
     *                         master and the agents copy it in this heap too).
     */
    public record Scheduler(DataSize maxBytesInFlight) {
    }

    /**
     * How many finished tasks the dashboard and API remember.
     *
     * @param size Number of finished tasks remembered.
     */
    public record History(@DefaultValue("10000") @Min(0) int size) {
    }
}
