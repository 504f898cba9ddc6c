package io.ferry.executor;

import java.io.PrintStream;
import java.util.Map;

/**
 * Ferry's custom Mesos executor: the main class of the agent jar, started by {@code ferry-executor.sh} in the
 * executor's sandbox.
 *
 * <p>It reads the agent's {@code MESOS_*} environment and Ferry's {@code FERRY_*} variables
 * ({@link io.ferry.wire.FerryEnv}), subscribes to the agent's executor API, runs the tasks it is given, and exits
 * after SHUTDOWN (code 0), when the agent is lost (1), or when its environment is incomplete (2, with one line
 * on stderr naming what is missing).
 *
 * @since 0.1
 */
public final class ExecutorMain {

    /** Exit code of a broken environment. */
    static final int CONFIG_ERROR = 2;
    private static final String PRE22_GENCODE = "com.google.protobuf.use_unsafe_pre22_gencode";

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
        System.exit(run(System.getenv(), System.err));
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
