package io.ferry.web.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FinishedRingTest {

    @Test
    void theFirstReadingIsOnlyTheBase() {
        FinishedRing ring = new FinishedRing(3);
        ring.record(1_000, 50);

        assertThat(ring.throughput()).isEqualTo(new Throughput(49, List.of(0, 0, 0)));
    }

    @Test
    void countsTheIncreaseInTheSecondOfEachReadingAndShowsCompleteSecondsOnly() {
        FinishedRing ring = new FinishedRing(4);
        ring.record(100, 10);
        ring.record(105, 10);
        ring.record(107, 10);
        ring.record(110, 11);

        assertThat(ring.throughput()).isEqualTo(new Throughput(10, List.of(0, 0, 0, 7)));
        ring.record(110, 12);
        assertThat(ring.throughput()).isEqualTo(new Throughput(11, List.of(0, 0, 7, 3)));
    }

    @Test
    void secondsWithoutReadingsAreZeroAndOldSecondsLeave() {
        FinishedRing ring = new FinishedRing(4);
        ring.record(0, 10);
        ring.record(2, 10);
        ring.record(6, 13);

        assertThat(ring.throughput()).isEqualTo(new Throughput(12, List.of(0, 2, 0, 0)));
        ring.record(9, 15);
        assertThat(ring.throughput()).isEqualTo(new Throughput(14, List.of(0, 0, 4, 0)));
        ring.record(9, 100);
        assertThat(ring.throughput()).isEqualTo(new Throughput(99, List.of(0, 0, 0, 0)));
    }

    @Test
    void aCounterThatWentBackIsNoNegativeRate() {
        FinishedRing ring = new FinishedRing(2);
        ring.record(10, 1);
        ring.record(4, 1);
        ring.record(6, 2);

        assertThat(ring.throughput().perSecond()).containsExactly(0, 0);
        ring.record(6, 3);
        assertThat(ring.throughput().perSecond()).containsExactly(0, 2);
    }

    @Test
    void aWindowThatOnlyMovedOnHasTheSameCounts() {
        Throughput before = new Throughput(10, List.of(0, 1, 2));

        assertThat(before.sameCounts(new Throughput(11, List.of(1, 2, 0)))).isTrue();
        assertThat(before.sameCounts(new Throughput(11, List.of(0, 1, 2)))).isFalse();
        assertThat(before.sameCounts(new Throughput(11, List.of(1, 2, 5)))).isFalse();
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new FinishedRing(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
