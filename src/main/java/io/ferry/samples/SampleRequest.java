package io.ferry.samples;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A request to launch sample tasks: {@code {"kind": "pi", "count": 4, "samples": 1000000}}.
 *
 * @param kind    hello, pi, sleep or fail
 * @param count   how many tasks
 * @param samples points per pi task
 * @param seconds how long each sleep task sleeps
 */
public record SampleRequest(
        @NotBlank(message = "is required: one of hello, pi, sleep, fail")
        @Pattern(regexp = "(?i)hello|pi|sleep|fail", message = "must be one of hello, pi, sleep, fail") String kind,
        @Min(value = 1, message = "must be between 1 and 10000") @Max(value = 10_000, message = "must be between 1 and 10000") Integer count,
        @Min(value = 1, message = "must be between 1 and 1000000000") @Max(value = 1_000_000_000, message = "must be between 1 and 1000000000") Long samples,
        @DecimalMin(value = "0", message = "must be between 0 and 3600") @DecimalMax(value = "3600", message = "must be between 0 and 3600") Double seconds) {

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
