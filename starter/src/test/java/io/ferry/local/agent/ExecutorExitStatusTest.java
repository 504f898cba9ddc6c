package io.ferry.local.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the agent reports in FAILURE for what Java tells of an executor's end (docs/mesos-notes.md §11): the raw wait
 * status a Mesos agent would report for a JVM that its launch script exec'd. A real {@code kill -9} goes through
 * the whole cluster in the fault tests.
 */
class ExecutorExitStatusTest {

    @Test
    void exitCodesGoInTheHighByte() {
        assertThat(ExecutorLifecycle.waitStatus(0)).isZero();
        assertThat(ExecutorLifecycle.waitStatus(3)).isEqualTo(3 << 8);
        assertThat(ExecutorLifecycle.waitStatus(127)).isEqualTo(127 << 8);
    }

    @Test
    void javasReportOfASignalIsTheSignal() {
        assertThat(ExecutorLifecycle.waitStatus(128 + 9)).isEqualTo(9);
        assertThat(ExecutorLifecycle.waitStatus(128 + 6)).isEqualTo(6);
        assertThat(ExecutorLifecycle.waitStatus(128 + 11)).isEqualTo(11);
    }

    @Test
    void aJvmThatHandledItsSignalExitedWithACode() {
        assertThat(ExecutorLifecycle.waitStatus(128 + 15)).isEqualTo(143 << 8);
        assertThat(ExecutorLifecycle.waitStatus(128 + 2)).isEqualTo(130 << 8);
        assertThat(ExecutorLifecycle.waitStatus(128 + 1)).isEqualTo(129 << 8);
    }
}
