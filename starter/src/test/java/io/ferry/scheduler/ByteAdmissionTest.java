package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteAdmissionTest {

    private static int admitted(List<Long> sizes, long inFlight, long bound) {
        return ByteAdmission.admitted(sizes, Long::longValue, inFlight, bound);
    }

    @Test
    void admitsTheHeadOfTheQueueWhileItFits() {
        assertThat(admitted(List.of(3L, 3L, 3L), 0, 10)).isEqualTo(3);
        assertThat(admitted(List.of(3L, 3L, 3L), 0, 9)).isEqualTo(3);
        assertThat(admitted(List.of(3L, 3L, 3L), 0, 8)).isEqualTo(2);
        assertThat(admitted(List.of(3L, 3L, 3L), 4, 10)).isEqualTo(2);
        assertThat(admitted(List.of(3L, 3L, 3L), 8, 10)).isZero();
        assertThat(admitted(List.of(), 0, 10)).isZero();
    }

    @Test
    void theFirstTaskThatDoesNotFitStopsTheRestSoLargeTasksAreNotOvertaken() {
        assertThat(admitted(List.of(2L, 7L, 1L, 1L), 0, 8)).isEqualTo(1);
        assertThat(admitted(List.of(7L, 1L), 2, 8)).isZero();
    }

    @Test
    void aTaskLargerThanTheBoundRunsAloneWhenNothingIsInFlight() {
        assertThat(admitted(List.of(20L, 1L), 0, 8)).isEqualTo(1);
        assertThat(admitted(List.of(20L), 1, 8)).isZero();
        assertThat(admitted(List.of(1L, 20L), 0, 8)).isEqualTo(1);
    }

    @Test
    void aBoundAlreadyPassedAdmitsNothing() {
        assertThat(admitted(List.of(1L), 20, 8)).isZero();
    }
}
