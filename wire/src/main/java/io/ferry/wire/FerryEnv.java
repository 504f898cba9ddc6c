package io.ferry.wire;

import java.time.Duration;

/**
 * Environment variables that Ferry's scheduler puts into the executor's {@code CommandInfo.environment}, besides
 * the ones every Mesos agent sets ({@code MESOS_*}). A real agent passes on nothing of its own environment, so
 * everything the executor needs from the app travels this way.
 */
public final class FerryEnv {

    /** The app's base URL as agents reach it ({@code ferry.advertised-url}); classes are fetched below it. */
    public static final String APP_URL = "FERRY_APP_URL";
    /** The framework token; sent as {@code Authorization: Bearer <token>} on every call to the app. */
    public static final String TOKEN = "FERRY_TOKEN";
    /** Path of the {@code java} launcher; the launch script tries it first, then {@code JAVA_HOME}, then {@code PATH}. */
    public static final String JAVA = "FERRY_JAVA";
    /** Options for the executor JVM, split on white space by the launch script. */
    public static final String JAVA_OPTS = "FERRY_JAVA_OPTS";
    /**
     * The largest serialized result (bytes; default {@link #DEFAULT_MAX_RESULT_BYTES}); a larger one fails its task
     * with a message saying so. Set from {@code ferry.executor.max-result-size}.
     */
    public static final String MAX_RESULT_BYTES = "FERRY_MAX_RESULT_BYTES";
    /** The most tasks the executor runs at once (default {@link #DEFAULT_THREADS}). */
    public static final String THREADS = "FERRY_EXECUTOR_THREADS";
    /**
     * How long a task runs before the executor reports {@code TASK_RUNNING} (a stout duration such as {@code 25ms};
     * default {@link #DEFAULT_RUNNING_UPDATE_DELAY}). A task that ends sooner sends only its terminal update, which
     * saves a round trip to the agent and the master per task. {@code 0ms} reports every task as running at once.
     */
    public static final String RUNNING_UPDATE_DELAY = "FERRY_RUNNING_UPDATE_DELAY";
    /**
     * Deadline of one class fetch from the app (a stout duration such as {@code 10secs}; default
     * {@link #DEFAULT_CLASS_FETCH_TIMEOUT}). A fetch that takes longer fails its task with "could not be reached".
     */
    public static final String CLASS_FETCH_TIMEOUT = "FERRY_CLASS_FETCH_TIMEOUT";
    /**
     * How long a killed task's thread may go on running after its interrupt (a stout duration such as
     * {@code 5secs}; default {@link #DEFAULT_KILL_GRACE}). {@code TASK_KILLED} is reported at once either way; a
     * thread still running after this is logged with its stack, and the executor restarts (exit code 6), because
     * Java cannot stop a thread safely and the stuck one holds a slot and CPU that Mesos has already given away.
     */
    public static final String KILL_GRACE = "FERRY_KILL_GRACE";
    /**
     * A directory on the agent (absolute, no white space) where the launch script keeps a copy of the executor jar
     * and a class-data archive of it (AppCDS), so that executors after the first start faster; unset: none. Set
     * from {@code ferry.executor.cds-dir}, always with {@link #EXECUTOR_KEY}.
     */
    public static final String CDS_DIR = "FERRY_CDS_DIR";
    /** Hex digest of the executor jar the app serves: names the jar's copy and its archive in {@link #CDS_DIR}. */
    public static final String EXECUTOR_KEY = "FERRY_EXECUTOR_KEY";

    /** Default of {@link #MAX_RESULT_BYTES}: 8 MiB, well below what the agent and master handle in one update. */
    public static final int DEFAULT_MAX_RESULT_BYTES = 8 * 1024 * 1024;
    /** Default of {@link #THREADS}. Mesos' resource accounting already bounds how many tasks are launched at once. */
    public static final int DEFAULT_THREADS = 64;
    /** Default of {@link #RUNNING_UPDATE_DELAY}. */
    public static final Duration DEFAULT_RUNNING_UPDATE_DELAY = Duration.ofMillis(25);
    /** Default of {@link #CLASS_FETCH_TIMEOUT}. */
    public static final Duration DEFAULT_CLASS_FETCH_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@link #KILL_GRACE}: as long as the agent's default shutdown grace period. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

    /** Path below {@link #APP_URL} that serves class files: {@code GET <app>/ferry/classes/<binary name>}. */
    public static final String CLASSES_PATH = "/ferry/classes/";

    private FerryEnv() {
    }
}
