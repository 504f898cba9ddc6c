package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(HumanDuration.of(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(HumanDuration.of(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(HumanDuration.of(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(HumanDuration.of(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(HumanDuration.of(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(HumanDuration.of(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(HumanDuration.of(Duration.ofSeconds(125))).isEqualTo("2m5s");
        assertThat(HumanDuration.of(Duration.ZERO)).isEqualTo("0ms");
        assertThat(HumanDuration.of(Duration.ofNanos(1500))).isEqualTo("1500ns");
        assertThat(HumanDuration.ofMillis(15_000)).isEqualTo("15s");
    }
}
