package io.ferry.samples;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A request to launch sample tasks: {@code {"kind": "pi", "count": 4, "samples": 1000000, "cpus": 0.5}}. From the
 * dashboard's form and from {@code POST /api/samples}; every value but the kind may be left out.
 *
 * @param kind    hello, pi, sleep or fail
 * @param count   how many tasks
 * @param samples points per pi task
 * @param seconds how long each sleep task sleeps
 * @param cpus    CPUs each task asks for; null for the default ({@code ferry.task.cpus})
 * @param mem     memory each task asks for, in MiB; null for the default ({@code ferry.task.mem-mb})
 * @param retries how often a task whose executor died is launched again; null for the default
 *                ({@code ferry.task.max-retries})
 */
public record SampleRequest(
        @NotBlank(message = "is required: one of hello, pi, sleep, fail")
        @Pattern(regexp = "(?i)hello|pi|sleep|fail", message = "must be one of hello, pi, sleep, fail") String kind,
        @Min(value = 1, message = "must be between 1 and 10000")
        @Max(value = 10_000, message = "must be between 1 and 10000") Integer count,
        @Min(value = 1, message = "must be between 1 and 1000000000")
        @Max(value = 1_000_000_000, message = "must be between 1 and 1000000000") Long samples,
        @DecimalMin(value = "0", message = "must be between 0 and 3600")
        @DecimalMax(value = "3600", message = "must be between 0 and 3600") Double seconds,
        @DecimalMin(value = "0.01", message = "must be between 0.01 and 64")
        @DecimalMax(value = "64", message = "must be between 0.01 and 64") Double cpus,
        @DecimalMin(value = "1", message = "must be between 1 and 65536 (MiB)")
        @DecimalMax(value = "65536", message = "must be between 1 and 65536 (MiB)") Double mem,
        @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100") Integer retries) {

    /** What the dashboard's form shows first: ten hello tasks, with the default resources. */
    public static SampleRequest defaults() {
        return new SampleRequest("hello", 10, null, null, null, null, null);
    }

    public int countOrDefault() {
        return count == null ? 1 : count;
    }

    public long samplesOrDefault() {
        return samples == null ? 1_000_000 : samples;
    }

    public double secondsOrDefault() {
        return seconds == null ? 5 : seconds;
    }
}
