package io.ferry.local.agent;

import static io.ferry.local.TestTasks.launch;
import static io.ferry.local.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestFramework;
import io.ferry.local.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which executor runs the cluster counts as failed ({@link LocalCluster#failedExecutorSandboxes()}), with real
 * processes: one that exits with a code other than 0, not one that exits with 0, nor those the cluster's close
 * kills; and no more than the bound.
 */
class FailedSandboxesTest {

    @TempDir
    Path workDir;

    @Test
    void aRunThatExitsWithACodeOtherThanZeroFailedOneThatExitsWithZeroOrIsKilledByTheCloseDidNot() throws Exception {
        LocalCluster cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir));
        try (TestFramework framework = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("failures").build())) {
            Offer offer = framework.awaitOffer(o -> TestTasks.scalar(o, "cpus") >= 1);
            TestFramework.expect202(framework.accept(List.of(offer.getId()), List.of(launch(
                    task("crash", offer.getAgentId(), shell("crashes", "echo 'why it failed' >&2; exit 3"), "x"),
                    task("leave", offer.getAgentId(), shell("leaves", "exit 0"), "x"),
                    task("sleep", offer.getAgentId(), shell("sleeps", "echo started; exec sleep 60"), "x"))), 0));
            for (String id : List.of("crash", "leave")) {
                TaskStatus failed = framework.awaitUpdate(id, TaskState.TASK_FAILED);
                assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
                framework.acknowledge(failed);
            }
            Path sleeperOut = sandboxOf(cluster, "sleeps").resolve("stdout");
            long deadline = System.nanoTime() + TestFramework.WAIT.toNanos();
            while (!(Files.exists(sleeperOut) && Files.readString(sleeperOut).contains("started"))) {
                assertThat(System.nanoTime()).as("the sleeping executor started").isLessThan(deadline);
                Thread.sleep(20);
            }

            List<Path> failed = cluster.failedExecutorSandboxes();
            assertThat(failed).containsExactly(sandboxOf(cluster, "crashes"));
            assertThat(failed.get(0).resolve("stderr")).content().contains("why it failed");
        } finally {
            cluster.close();
        }
        assertThat(cluster.failedExecutorSandboxes()).as("after the close killed the sleeper")
                .containsExactly(sandboxOf(cluster, "crashes"));
    }

    @Test
    void theClusterListsAtMostTheNewestTen() throws Exception {
        LocalCluster cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir));
        try (TestFramework framework = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("many failures").build())) {
            Offer offer = framework.awaitOffer(o -> TestTasks.scalar(o, "cpus") >= 3);
            List<TaskInfo> tasks = new ArrayList<>();
            for (int i = 0; i < LocalCluster.FAILED_SANDBOXES + 2; i++) {
                tasks.add(task("crash-" + i, offer.getAgentId(), shell("crashes-" + i, "exit 1"), "x"));
            }
            TestFramework.expect202(framework.accept(List.of(offer.getId()),
                    List.of(launch(tasks.toArray(TaskInfo[]::new))), 0));
            for (TaskInfo t : tasks) {
                framework.acknowledge(framework.awaitUpdate(t.getTaskId().getValue(), TaskState.TASK_FAILED));
            }

            assertThat(cluster.failedExecutorSandboxes()).hasSize(LocalCluster.FAILED_SANDBOXES)
                    .allMatch(Files::isDirectory).doesNotHaveDuplicates();
        } finally {
            cluster.close();
        }
    }

    private static ExecutorInfo shell(String id, String script) {
        return TestTasks.sleeper(id).setCommand(CommandInfo.newBuilder().setValue(script)).build();
    }

    /** The one run of {@code executorId} on the cluster's agent. */
    private static Path sandboxOf(LocalCluster cluster, String executorId) throws Exception {
        Path executors = cluster.agents().get(0).workDir().resolve("frameworks");
        try (var frameworks = Files.list(executors)) {
            Path runs = frameworks.findFirst().orElseThrow().resolve("executors").resolve(executorId).resolve("runs");
            try (var containers = Files.list(runs)) {
                return containers.filter(p -> !p.getFileName().toString().equals("latest")).findFirst().orElseThrow();
            }
        }
    }
}
