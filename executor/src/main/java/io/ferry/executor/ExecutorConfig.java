package io.ferry.executor;

import io.ferry.wire.FerryEnv;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.StoutDuration;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the executor reads from its environment: the agent's {@code MESOS_*} variables
 * ({@code docs/mesos-notes.md} §3.4) and the ones Ferry's scheduler adds ({@link FerryEnv}).
 *
 * @param agentEndpoint      {@code MESOS_AGENT_ENDPOINT}, {@code ip:port} of the agent
 * @param frameworkId        {@code MESOS_FRAMEWORK_ID}
 * @param executorId         {@code MESOS_EXECUTOR_ID}
 * @param directory          {@code MESOS_DIRECTORY}, the sandbox on the agent's host
 * @param sandbox            {@code MESOS_SANDBOX}, the sandbox as this process sees it (defaults to the directory)
 * @param checkpoint         {@code MESOS_CHECKPOINT} is {@code "1"}: survive agent restarts by resubscribing
 * @param recoveryTimeout    {@code MESOS_RECOVERY_TIMEOUT} (default 15mins, the agent's): how long to keep trying
 *                           to resubscribe after a disconnection
 * @param backoffMax         {@code MESOS_SUBSCRIPTION_BACKOFF_MAX} (default 2secs, the agent's): the longest wait
 *                           between two subscription attempts
 * @param shutdownGrace      {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD} (default 5secs): the agent kills the
 *                           executor this long after SHUTDOWN
 * @param agentToken         {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN}, or {@code null} when the agent does not
 *                           authenticate executors
 * @param appUrl             {@code FERRY_APP_URL} without a trailing slash
 * @param appToken           {@code FERRY_TOKEN}
 * @param maxResultBytes     {@code FERRY_MAX_RESULT_BYTES}
 * @param threads            {@code FERRY_EXECUTOR_THREADS}
 * @param runningDelay       {@code FERRY_RUNNING_UPDATE_DELAY}
 * @param classFetchTimeout  {@code FERRY_CLASS_FETCH_TIMEOUT}
 * @param killGrace          {@code FERRY_KILL_GRACE}: how long a killed task's thread may keep running
 */
record ExecutorConfig(String agentEndpoint, String frameworkId, String executorId, String directory, String sandbox,
                      boolean checkpoint, Duration recoveryTimeout, Duration backoffMax, Duration shutdownGrace,
                      String agentToken, String appUrl, String appToken, int maxResultBytes, int threads,
                      Duration runningDelay, Duration classFetchTimeout, Duration killGrace) {

    static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(15);
    static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(2);
    static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    ExecutorConfig {
        Objects.requireNonNull(agentEndpoint, "agentEndpoint");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(appUrl, "appUrl");
        Objects.requireNonNull(appToken, "appToken");
        Objects.requireNonNull(killGrace, "killGrace");
    }

    /** {@code http://<agent>/api/v1/executor}. */
    URI executorApi() {
        return URI.create("http://" + agentEndpoint + MesosHttp.EXECUTOR_PATH);
    }

    /**
     * Reads the configuration from {@code env}.
     *
     * @throws IllegalArgumentException with one line naming every missing or malformed variable
     */
    static ExecutorConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        String agentEndpoint = r.required("MESOS_AGENT_ENDPOINT");
        String frameworkId = r.required("MESOS_FRAMEWORK_ID");
        String executorId = r.required("MESOS_EXECUTOR_ID");
        String directory = r.required("MESOS_DIRECTORY");
        String appUrl = r.required(FerryEnv.APP_URL);
        String appToken = r.required(FerryEnv.TOKEN);
        String sandbox = r.optional("MESOS_SANDBOX", directory);
        String checkpointText = r.optional("MESOS_CHECKPOINT", "0");
        if (!checkpointText.equals("0") && !checkpointText.equals("1")) {
            r.problems.add("MESOS_CHECKPOINT must be 1 or 0, was '" + checkpointText + "'");
        }
        Duration recovery = r.duration("MESOS_RECOVERY_TIMEOUT", DEFAULT_RECOVERY_TIMEOUT);
        Duration backoff = r.duration("MESOS_SUBSCRIPTION_BACKOFF_MAX", DEFAULT_BACKOFF_MAX);
        Duration grace = r.duration("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", DEFAULT_SHUTDOWN_GRACE);
        int maxResult = r.positiveInt(FerryEnv.MAX_RESULT_BYTES, FerryEnv.DEFAULT_MAX_RESULT_BYTES);
        int threads = r.positiveInt(FerryEnv.THREADS, FerryEnv.DEFAULT_THREADS);
        Duration runningDelay = r.duration(FerryEnv.RUNNING_UPDATE_DELAY, FerryEnv.DEFAULT_RUNNING_UPDATE_DELAY);
        Duration fetchTimeout = r.duration(FerryEnv.CLASS_FETCH_TIMEOUT, FerryEnv.DEFAULT_CLASS_FETCH_TIMEOUT);
        if (fetchTimeout.isZero()) {
            r.problems.add(FerryEnv.CLASS_FETCH_TIMEOUT + " must be positive");
        }
        Duration killGrace = r.duration(FerryEnv.KILL_GRACE, FerryEnv.DEFAULT_KILL_GRACE);
        if (killGrace.isZero()) {
            r.problems.add(FerryEnv.KILL_GRACE + " must be positive");
        }
        if (appUrl != null && !appUrl.startsWith("http://") && !appUrl.startsWith("https://")) {
            r.problems.add(FerryEnv.APP_URL + " must be an http(s) URL, was '" + appUrl + "'");
        }
        if (!r.missing.isEmpty()) {
            r.problems.add(0, "missing environment variable(s) " + String.join(", ", r.missing)
                    + " (a Mesos agent sets the MESOS_* ones, Ferry's scheduler the FERRY_* ones)");
        }
        if (!r.problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", r.problems));
        }
        String token = env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
        return new ExecutorConfig(agentEndpoint, frameworkId, executorId, directory, sandbox,
                checkpointText.equals("1"), recovery, backoff, grace,
                token == null || token.isBlank() ? null : token,
                stripTrailingSlash(appUrl), appToken, maxResult, threads, runningDelay, fetchTimeout, killGrace);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Collects every problem, so that one run tells the operator everything that is wrong. */
    private static final class Reader {
        final Map<String, String> env;
        final List<String> missing = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String required(String name) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                missing.add(name);
                return null;
            }
            return value;
        }

        String optional(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        Duration duration(String name, Duration fallback) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return StoutDuration.parse(value);
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
                return fallback;
            }
        }

        int positiveInt(String name, int fallback) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(name + " must be a positive integer (at most " + Integer.MAX_VALUE + "), was '" + value + "'");
            return fallback;
        }
    }
}
