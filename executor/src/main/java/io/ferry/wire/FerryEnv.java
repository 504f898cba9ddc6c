package io.ferry.wire;

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
    /** The largest serialized result (bytes); a larger one fails its task with a message saying so. */
    public static final String MAX_RESULT_BYTES = "FERRY_MAX_RESULT_BYTES";
    /** The most tasks the executor runs at once. */
    public static final String THREADS = "FERRY_EXECUTOR_THREADS";

    /** Path below {@link #APP_URL} that serves class files: {@code GET <app>/ferry/classes/<binary name>}. */
    public static final String CLASSES_PATH = "/ferry/classes/";

    private FerryEnv() {
    }
}
