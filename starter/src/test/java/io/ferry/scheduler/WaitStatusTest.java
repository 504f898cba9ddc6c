package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The FAILURE event's status is a raw wait status (docs/mesos-notes.md §11), said in the executor's words. */
class WaitStatusTest {

    @Test
    void exitCodesAreTheExecutorsWithTheirMeaning() {
        assertThat(new WaitStatus(0).describe()).isEqualTo("exited with code 0 (shut down as asked)");
        assertThat(new WaitStatus(0).clean()).isTrue();
        assertThat(new WaitStatus(1 << 8).describe())
                .isEqualTo("exited with code 1 (lost the agent, or the JVM could not start)");
        assertThat(new WaitStatus(3 << 8).describe()).isEqualTo("exited with code 3 (a task ran out of memory)");
        assertThat(new WaitStatus(6 << 8).describe())
                .isEqualTo("exited with code 6 (restarted because a killed task would not stop)");
        assertThat(new WaitStatus(127 << 8).describe())
                .isEqualTo("exited with code 127 (the launch script found no java)");
        assertThat(new WaitStatus(42 << 8).describe())
                .startsWith("exited with code 42 (not one of the executor's codes");
        assertThat(new WaitStatus(3 << 8).clean()).isFalse();
    }

    @Test
    void signalsAreNamed() {
        assertThat(new WaitStatus(9).describe()).isEqualTo("was killed by signal 9 (SIGKILL)");
        assertThat(new WaitStatus(15).describe()).isEqualTo("was killed by signal 15 (SIGTERM)");
        assertThat(new WaitStatus(0x80 | 6).describe()).isEqualTo("was killed by signal 6 (SIGABRT), core dumped");
        assertThat(new WaitStatus(40).describe()).isEqualTo("was killed by signal 40");
        assertThat(new WaitStatus(9).signalled()).isTrue();
        assertThat(new WaitStatus(9).exited()).isFalse();
    }

    @Test
    void aShellsReportOfASignalSaysSo() {
        assertThat(new WaitStatus(137 << 8).describe()).startsWith("exited with code 137 (128 + 9 (SIGKILL)");
        assertThat(new WaitStatus(143 << 8).describe()).startsWith("exited with code 143 (128 + 15 (SIGTERM)");
    }

    @Test
    void anUnknownStatusIsNotAnExit() {
        WaitStatus unknown = new WaitStatus(-1);
        assertThat(unknown.known()).isFalse();
        assertThat(unknown.clean()).isFalse();
        assertThat(unknown.describe()).isEqualTo("ended; its exit status is unknown");
    }
}
