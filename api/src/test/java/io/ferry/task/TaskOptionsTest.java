package io.ferry.task;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TaskOptionsTest {

    private static final TaskOptions VALID = new TaskOptions(1, 128, Duration.ofMinutes(1), 3, "task", Map.of());

    static Stream<org.junit.jupiter.params.provider.Arguments> invalid() {
        return Stream.of(
                arguments((UnaryOperator<TaskOptions>) o -> o.withCpus(0), "cpus must be a positive number, was 0.0"),
                arguments((UnaryOperator<TaskOptions>) o -> o.withCpus(Double.NaN), "cpus must be a positive number, was NaN"),
                arguments((UnaryOperator<TaskOptions>) o -> o.withMemMb(Double.POSITIVE_INFINITY), "memMb must be a positive number"),
                arguments((UnaryOperator<TaskOptions>) o -> o.withTimeout(Duration.ZERO), "timeout must be positive, was PT0S"),
                arguments((UnaryOperator<TaskOptions>) o -> o.withMaxRetries(101), "maxRetries must be between 0 and 100, was 101"),
                arguments((UnaryOperator<TaskOptions>) o -> o.withName(" "), "name must have 1 to 200 characters"),
                arguments((UnaryOperator<TaskOptions>) o -> o.withName("n".repeat(201)), "name must have 1 to 200 characters"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void namesTheFieldAndTheRule(UnaryOperator<TaskOptions> change, String message) {
        assertThatThrownBy(() -> change.apply(VALID)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void nullsAreNamed() {
        assertThatThrownBy(() -> VALID.withTimeout(null)).hasMessage("timeout");
        assertThatThrownBy(() -> VALID.withLabels(null)).hasMessage("labels");
    }

    @Test
    void withersChangeOneField() {
        assertThat(VALID.withCpus(2).withLabels(Map.of("a", "b")))
                .isEqualTo(new TaskOptions(2, 128, Duration.ofMinutes(1), 3, "task", Map.of("a", "b")));
    }
}
