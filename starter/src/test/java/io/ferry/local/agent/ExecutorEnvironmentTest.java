package io.ferry.local.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestFramework;
import io.ferry.local.TestTasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutorEnvironmentTest {

    @ParameterizedTest
    @CsvSource({"5000, 5secs", "250, 250ms", "60000, 1mins", "900000, 15mins", "2500, 2500ms", "0, 0ns",
            "3600000, 1hrs", "86400000, 1days", "604800000, 1weeks"})
    void durationsUseStoutSyntax(long millis, String expected) {
        assertThat(ExecutorEnvironment.stoutDuration(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void checkpointingAddsRecoveryVariablesAndCommandEnvironmentWins() {
        FrameworkInfo framework = TestFramework.info("f").setCheckpoint(true)
                .setId(FrameworkID.newBuilder().setValue("fw")).build();
        ExecutorInfo executor = TestTasks.sleeper("e")
                .setShutdownGracePeriod(DurationInfo.newBuilder().setNanoseconds(1_500_000_000L))
                .setCommand(TestTasks.sleeper("e").getCommand().toBuilder().setEnvironment(
                        org.apache.mesos.v1.Protos.Environment.newBuilder()
                                .addVariables(TestTasks.variable("PATH", "/opt/bin"))))
                .build();
        Map<String, String> env = ExecutorEnvironment.of(framework, executor, "agent", "127.0.0.1:5051",
                Path.of("/sandbox"), LocalClusterSettings.defaults(Path.of("/work")).agent());
        assertThat(env).containsEntry("MESOS_CHECKPOINT", "1")
                .containsEntry("MESOS_RECOVERY_TIMEOUT", "15mins")
                .containsEntry("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs")
                .containsEntry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "1500ms")
                .containsEntry("MESOS_SLAVE_PID", "slave(1)@127.0.0.1:5051")
                .containsEntry("PATH", "/opt/bin");
    }

    @Test
    void recoveryVariablesFollowTheSettingsAndOnlyWithCheckpointing() {
        LocalClusterSettings settings = LocalClusterSettings.defaults(Path.of("/work"))
                .withExecutorReregistrationTimeout(Duration.ofMillis(500))
                .withExecutorRecoveryTimeout(Duration.ofSeconds(30));
        FrameworkInfo.Builder framework = TestFramework.info("f").setId(FrameworkID.newBuilder().setValue("fw"));
        ExecutorInfo executor = TestTasks.sleeper("e").build();
        assertThat(ExecutorEnvironment.of(framework.setCheckpoint(true).build(), executor, "agent",
                "127.0.0.1:5051", Path.of("/sandbox"), settings.agent()))
                .containsEntry("MESOS_RECOVERY_TIMEOUT", "30secs")
                .containsEntry("MESOS_SUBSCRIPTION_BACKOFF_MAX", "500ms");
        assertThat(ExecutorEnvironment.of(framework.setCheckpoint(false).build(), executor, "agent",
                "127.0.0.1:5051", Path.of("/sandbox"), settings.agent()))
                .containsEntry("MESOS_CHECKPOINT", "0")
                .doesNotContainKeys("MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX");
    }
}
