package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskPhaseTest {

    @ParameterizedTest
    @EnumSource(value = TaskPhase.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void finalPhasesGoNowhere(TaskPhase phase) {
        assertThat(phase.isTerminal()).isTrue();
        for (TaskPhase target : TaskPhase.values()) {
            assertThat(phase.canMoveTo(target)).as(phase + " -> " + target).isFalse();
        }
    }

    @Test
    void aRetryGoesBackToTheQueueButAQueuedTaskCannotSucceed() {
        assertThat(TaskPhase.RUNNING.canMoveTo(TaskPhase.QUEUED)).isTrue();
        assertThat(TaskPhase.QUEUED.canMoveTo(TaskPhase.SUCCEEDED)).isFalse();
        assertThat(TaskPhase.RUNNING.canMoveTo(TaskPhase.LAUNCHED)).isFalse();
    }
}
