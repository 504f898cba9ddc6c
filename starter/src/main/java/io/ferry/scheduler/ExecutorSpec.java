package io.ferry.scheduler;

import io.ferry.wire.FerryEnv;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * The one {@link ExecutorInfo} Ferry launches on every agent. Mesos requires every task that names a running
 * executor id to carry an equal ExecutorInfo (docs/mesos-notes.md §4, "Executor identity rule"), so it is built once.
 *
 * <p>The executor id ends in a digest of everything else in the ExecutorInfo: when the configuration changes (a
 * new app URL, other JVM options, another token), the new executors get a new id instead of a TASK_ERROR for
 * "ExecutorInfo is not compatible", and the old ones run out their tasks beside them.
 */
public record ExecutorSpec(ExecutorInfo info, double cpus, double memMb) {

    public static final String JAR = "ferry-executor.jar";
    public static final String SCRIPT = "ferry-executor.sh";
    /** Where the app serves the jar and the script (static resources), below its advertised URL. */
    public static final String STATIC_PATH = "/executor/";

    /**
     * @param appUrl          the app's URL as agents reach it
     * @param settings        JVM and limits for the executor
     */
    static ExecutorSpec build(URI appUrl, Settings settings) {
        String base = appUrl.toString().replaceAll("/+$", "");
        Map<String, String> env = new LinkedHashMap<>();
        env.put(FerryEnv.APP_URL, base);
        env.put(FerryEnv.TOKEN, settings.token());
        if (settings.java() != null && !settings.java().isBlank()) {
            env.put(FerryEnv.JAVA, settings.java());
        }
        env.put(FerryEnv.JAVA_OPTS, jvmOptions(settings.javaOpts(), settings.memMb()));
        if (settings.cdsDir() != null && !settings.cdsDir().isBlank() && settings.jarDigest() != null
                && !settings.jarDigest().isBlank()) {
            // The digest makes a new jar a new executor id too, and names its own archive on the agents.
            env.put(FerryEnv.CDS_DIR, settings.cdsDir());
            env.put(FerryEnv.EXECUTOR_KEY, settings.jarDigest());
        }
        env.put(FerryEnv.MAX_RESULT_BYTES, Long.toString(settings.maxResultBytes()));
        env.put(FerryEnv.THREADS, Integer.toString(settings.threads()));
        Environment.Builder environment = Environment.newBuilder();
        env.forEach((k, v) -> environment.addVariables(Environment.Variable.newBuilder().setName(k).setValue(v)));

        CommandInfo command = CommandInfo.newBuilder()
                // output_file, because a URL's last segment would become the file name, query string included (§6).
                .addUris(CommandInfo.URI.newBuilder().setValue(base + STATIC_PATH + JAR)
                        .setOutputFile(JAR).setExtract(false).setCache(false))
                .addUris(CommandInfo.URI.newBuilder().setValue(base + STATIC_PATH + SCRIPT)
                        .setOutputFile(SCRIPT).setExecutable(true).setCache(false))
                .setShell(true)
                // exec: the agent runs `sh -c <value>`, and a shell that waited for the script would stand between
                // the agent and the JVM (the script execs java): the agent's signals would reach the shell, and a
                // JVM killed by a signal would read as the shell's exit code 128 + n (docs/mesos-notes.md §11).
                .setValue("exec ./" + SCRIPT)
                .setEnvironment(environment)
                .build();
        ExecutorInfo.Builder info = ExecutorInfo.newBuilder()
                .setType(ExecutorInfo.Type.CUSTOM)
                .setName("Ferry executor")
                .setCommand(command)
                .addResources(scalar("cpus", settings.cpus()))
                .addResources(scalar("mem", settings.memMb()))
                .setShutdownGracePeriod(DurationInfo.newBuilder().setNanoseconds(settings.shutdownGrace().toNanos()));
        String digest = digest(info.clone().setExecutorId(ExecutorID.newBuilder().setValue("-")).build().toByteArray());
        info.setExecutorId(ExecutorID.newBuilder().setValue("ferry-" + digest));
        return new ExecutorSpec(info.build(), settings.cpus(), settings.memMb());
    }

    /**
     * The executor JVM's options as the launch script gets them: UTF-8 as the default charset, the configured ones,
     * then a heap of 60 % of the executor's memory. Public so that the configuration check at start-up tries exactly
     * these.
     *
     * <p>UTF-8 first: agents start executors without a locale, where Java 17 takes ASCII as the default charset and a
     * task's {@code new String(bytes)} or {@code FileReader} would turn every other character into '?' (Java 18 and
     * later default to UTF-8 anyway). First, so that a {@code -Dfile.encoding} in the configured options still wins.
     */
    public static String jvmOptions(String javaOpts, double memMb) {
        return "-Dfile.encoding=UTF-8 " + javaOpts + " -Xmx" + Math.max(16, (long) (memMb * 0.6)) + "m";
    }

    /**
     * What the executor needs from the configuration; {@code cdsDir} and {@code jarDigest} (the served jar's digest)
     * may be null: no class-data cache.
     */
    record Settings(double cpus, double memMb, String java, String javaOpts, int threads, long maxResultBytes,
                    String token, Duration shutdownGrace, String cdsDir, String jarDigest) {
    }

    public String executorId() {
        return info.getExecutorId().getValue();
    }

    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

}
