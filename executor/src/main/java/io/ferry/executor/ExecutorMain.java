package io.ferry.executor;

import java.io.PrintStream;
import java.util.Map;

/**
 * Ferry's custom Mesos executor: the main class of the agent jar, started by {@code ferry-executor.sh} in the
 * executor's sandbox.
 *
 * <p>It reads the agent's {@code MESOS_*} environment and Ferry's {@code FERRY_*} variables
 * ({@link io.ferry.wire.FerryEnv}), subscribes to the agent's executor API, runs the tasks it is given, and exits
 * with one of the {@link ExitCode}s: 0 after SHUTDOWN, 1 when the agent is lost, 2 when its environment is
 * incomplete (one line on stderr names what is missing), 3 after a task's {@code OutOfMemoryError}, 4 when
 * checkpointing could not resubscribe within {@code MESOS_RECOVERY_TIMEOUT}, 5 when the agent refused its
 * credentials, 6 when a killed task's thread would not stop ({@code FERRY_KILL_GRACE}).
 *
 * @since 0.1
 */
public final class ExecutorMain {

    /** Exit code of a broken environment. */
    static final int CONFIG_ERROR = ExitCode.CONFIG_ERROR.code();
    /**
     * How long {@code System.exit} may take before the JVM is halted: shutdown hooks that a task registered may
     * hang, and the agent would otherwise kill the executor only after its grace period, with a signal instead of
     * the code that says why.
     */
    static final long EXIT_DEADLINE_MILLIS = 3_000;
    private static final String PRE22_GENCODE = "com.google.protobuf.use_unsafe_pre22_gencode";
    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    private ExecutorMain() {
    }

    /** Runs the executor with the process's environment and exits with its code. */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            // One line per record on stderr, which lands in the sandbox's stderr file.
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s ferry-executor: %5$s%6$s%n");
        }
        // The generated Mesos 1.11 classes predate protobuf 22, and protobuf-java 3.25 warns about that once per
        // message type, pages of stderr in every sandbox. The issue behind the warning (GHSA-h4h5-3hr4-j3g2) is
        // about parsing untrusted input; the executor parses only what its own agent sends.
        if (System.getProperty(PRE22_GENCODE) == null) {
            System.setProperty(PRE22_GENCODE, "true");
        }
        // Netty 4.2 registers its buffer events with Java Flight Recorder when JFR is available: some 80 JDK
        // classes and generated event handlers, tens of milliseconds of a cold start, for events nobody records
        // in an executor. Set the property to true to have them.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        // Netty's default leak detection samples one buffer in 128 and records a stack trace at each sample's
        // allocation and release: 2 % of the executor's CPU at window 256 (async-profiler), in a JVM whose buffers
        // only Ferry's own code handles, and whose tests run with it on (ExecutorLeakTest). Set the property to
        // have it.
        if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
            System.setProperty(NETTY_LEAK_DETECTION, "disabled");
        }
        Utf8Console.install(); // after the log format is set: this makes the log's handler
        exit(run(System.getenv(), System.err));
    }

    private static void exit(int code) {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(EXIT_DEADLINE_MILLIS);
            } catch (InterruptedException e) {
                // halt anyway
            }
            System.err.println("ferry-executor: shutdown hooks still running after " + EXIT_DEADLINE_MILLIS
                    + " ms; halting with code " + code);
            Runtime.getRuntime().halt(code);
        }, "ferry-exit-deadline");
        deadline.setDaemon(true);
        deadline.start();
        System.exit(code);
    }

    /** Runs an executor configured by {@code env} until it is done; returns the exit code. */
    static int run(Map<String, String> env, PrintStream err) {
        ExecutorConfig config;
        try {
            config = ExecutorConfig.fromEnv(env);
        } catch (IllegalArgumentException e) {
            err.println("ferry-executor: cannot start: " + e.getMessage());
            return CONFIG_ERROR;
        }
        return new FerryExecutor(config, ExecutorMain.class.getClassLoader()).run();
    }
}
