package io.ferry.web.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How the task pages write times: relative with the exact one beside it, and durations as people read them. */
class TimeTextTest {

    private final Instant now = Instant.parse("2025-05-04T10:15:30.120Z");
    private final TimeText times = new TimeText(now);

    @Test
    void agoCountsInTheLargestWholeUnit() {
        assertThat(times.ago(now.minusMillis(400))).isEqualTo("just now");
        assertThat(times.ago(now.plusSeconds(2))).isEqualTo("just now");
        assertThat(times.ago(now.minusSeconds(3))).isEqualTo("3 s ago");
        assertThat(times.ago(now.minusSeconds(299))).isEqualTo("4 min ago");
        assertThat(times.ago(now.minus(Duration.ofHours(26)))).isEqualTo("1 d ago");
        assertThat(times.ago(null)).isEmpty();
        assertThat(times.exact(now)).isEqualTo("2025-05-04 10:15:30.120 UTC");
        assertThat(times.iso(now)).isEqualTo("2025-05-04T10:15:30.120Z");
    }

    @Test
    void durationsKeepTwoUnitsAtMost() {
        assertThat(TimeText.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(TimeText.duration(Duration.ofMillis(3240))).isEqualTo("3.2 s");
        assertThat(TimeText.duration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(TimeText.duration(Duration.ofSeconds(245))).isEqualTo("4 min 5 s");
        assertThat(TimeText.duration(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(TimeText.duration(Duration.ofMinutes(123))).isEqualTo("2 h 3 min");
        assertThat(TimeText.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
        assertThat(TimeText.duration(Duration.ofMillis(-5))).isEqualTo("0 ms");
    }
}
