package io.ferry.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoutDurationTest {

    @ParameterizedTest
    @CsvSource({"5secs,5000000000", "15mins,900000000000", "250ms,250000000", "2hrs,7200000000000",
            "1days,86400000000000", "1weeks,604800000000000", "10us,10000", "7ns,7", "1.5secs,1500000000",
            "0secs,0", " 3secs ,3000000000"})
    void parses(String text, long nanos) {
        assertThat(StoutDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "secs", "5s", "5 secs", "-5secs", "1.2.3secs", "5SECS", "99999999weeks"})
    void rejectsWithAMessageNamingTheForm(String text) {
        assertThatThrownBy(() -> StoutDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad duration '" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"PT15M,15mins", "PT0.25S,250ms", "PT5S,5secs", "PT0S,0weeks", "PT1.000000001S,1000000001ns"})
    void formatsWithTheLargestExactUnit(String iso, String text) {
        assertThat(StoutDuration.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(StoutDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }
}
