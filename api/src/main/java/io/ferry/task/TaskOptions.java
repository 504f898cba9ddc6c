package io.ferry.task;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one task is run: the resources it asks for, how long it may take, how often it is retried, and how it is
 * named and labelled in Mesos and on the dashboard.
 *
 * <p>Ferry's configuration provides the defaults ({@code ferry.task.*}); change one value with a wither:
 * {@code taskService.defaultOptions().withCpus(2).withName("nightly-report")}.
 *
 * @param cpus       CPU shares the task needs on its agent; greater than 0
 * @param memMb      memory in MiB the task needs on its agent; greater than 0
 * @param timeout    how long the task may run before it is killed and its future fails; positive
 * @param maxRetries how many times a task whose executor or agent died is launched again; 0 to 100. A task that
 *                   throws is never retried: its exception is the answer
 * @param name       the Mesos task name; 1 to 200 characters
 * @param labels     Mesos task labels; never {@code null}
 * @since 0.1
 */
public record TaskOptions(double cpus, double memMb, Duration timeout, int maxRetries, String name,
                          Map<String, String> labels) {

    /** Upper bound of {@link #maxRetries}: a task that kills its executor a hundred times will not stop doing so. */
    public static final int MAX_RETRIES_LIMIT = 100;

    /** Validates every field; the message names the field and the rule it broke. */
    public TaskOptions {
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be a positive number, was " + cpus);
        }
        if (!(memMb > 0) || Double.isInfinite(memMb)) {
            throw new IllegalArgumentException("memMb must be a positive number, was " + memMb);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
            throw new IllegalArgumentException("maxRetries must be between 0 and " + MAX_RETRIES_LIMIT + ", was " + maxRetries);
        }
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must have 1 to 200 characters, was '" + name + "'");
        }
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    }

    public TaskOptions withCpus(double cpus) {
        return new TaskOptions(cpus, memMb, timeout, maxRetries, name, labels);
    }

    public TaskOptions withMemMb(double memMb) {
        return new TaskOptions(cpus, memMb, timeout, maxRetries, name, labels);
    }

    public TaskOptions withTimeout(Duration timeout) {
        return new TaskOptions(cpus, memMb, timeout, maxRetries, name, labels);
    }

    public TaskOptions withMaxRetries(int maxRetries) {
        return new TaskOptions(cpus, memMb, timeout, maxRetries, name, labels);
    }

    public TaskOptions withName(String name) {
        return new TaskOptions(cpus, memMb, timeout, maxRetries, name, labels);
    }

    public TaskOptions withLabels(Map<String, String> labels) {
        return new TaskOptions(cpus, memMb, timeout, maxRetries, name, labels);
    }
}
