package io.ferry.local.master;

import static io.ferry.local.TestTasks.launch;
import static io.ferry.local.TestTasks.scalar;
import static io.ferry.local.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestFramework;
import io.ferry.local.TestTasks;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offers, filters, suppression and task validation (docs/mesos-notes.md §4, §5, §8). Executors here are shells
 * that sleep: the master's side needs no real executor. Each test tears its framework down.
 */
class OfferTest {

    @TempDir
    static Path workDir;
    static LocalCluster cluster;
    TestFramework framework;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir).withAgents(2, 2, 1024, 2048));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void teardown() throws Exception {
        if (framework != null) {
            framework.teardown();
            framework.close();
        }
    }

    private TestFramework subscribe(String name) throws Exception {
        framework = TestFramework.subscribe(cluster.masterUrl(), false, TestFramework.info(name).build());
        return framework;
    }

    @Test
    void eachAgentIsOfferedWithItsAddressAndResources() throws Exception {
        subscribe("offers");
        Offer a = framework.awaitOffer();
        Offer b = framework.awaitOffer();
        assertThat(List.of(a.getAgentId().getValue(), b.getAgentId().getValue()))
                .containsExactlyInAnyOrderElementsOf(cluster.agents().stream().map(LocalCluster.Agent::id).toList());
        for (Offer offer : List.of(a, b)) {
            LocalCluster.Agent agent = cluster.agents().stream()
                    .filter(x -> x.id().equals(offer.getAgentId().getValue())).findFirst().orElseThrow();
            assertThat(offer.getId().getValue()).startsWith(cluster.masterId() + "-O");
            assertThat(offer.getFrameworkId()).isEqualTo(framework.frameworkId);
            assertThat(offer.getHostname()).isEqualTo("127.0.0.1");
            assertThat(offer.getUrl().getScheme()).isEqualTo("http");
            assertThat(offer.getUrl().getAddress().getPort()).isEqualTo(agent.url().getPort());
            assertThat(offer.getUrl().getPath()).isEqualTo("/slave(1)");
            assertThat(scalar(offer, "cpus")).isEqualTo(2);
            assertThat(scalar(offer, "mem")).isEqualTo(1024);
            assertThat(scalar(offer, "disk")).isEqualTo(2048);
            assertThat(offer.getResourcesList()).allSatisfy(r -> assertThat(r.getRole()).isEqualTo("*"));
            assertThat(offer.getExecutorIdsList()).isEmpty();
        }
    }

    @Test
    void declineFiltersHideTheAgentUntilRevive() throws Exception {
        subscribe("decline");
        framework.awaitOffer();
        framework.awaitOffer();
        int mark = framework.mark();
        framework.declineAll(3600);
        assertThat(TestFramework.offerCount(framework.barrier(mark))).isZero();
        TestFramework.expect202(framework.call(Call.newBuilder().setType(Call.Type.REVIVE)));
        framework.awaitOffer();
        framework.awaitOffer();
    }

    @Test
    void declineWithRefuseZeroReoffersAtOnceAndUnsetRefusesFiveSeconds() throws Exception {
        subscribe("refuse");
        Offer first = framework.awaitOffer();
        framework.awaitOffer();
        int mark = framework.mark();
        framework.declineAll(0);
        assertThat(TestFramework.offerCount(framework.barrier(mark))).isEqualTo(2);
        Offer again = framework.awaitOffer(o -> o.getAgentId().equals(first.getAgentId()));
        // No refuse_seconds: the default filter of 5 s (§5) keeps it away past the barrier.
        mark = framework.mark();
        TestFramework.expect202(framework.decline(List.of(again.getId()), null));
        assertThat(TestFramework.offerCount(framework.barrier(mark))).isZero();
        // A short filter expires by itself (a timer, not a tick).
        framework.declineAll(0.2);
        framework.awaitOffer();
    }

    @Test
    void filtersOnTwoAgentsLapseInTurnAndEachAgentComesBack() throws Exception {
        subscribe("lapse");
        Offer first = framework.awaitOffer();
        Offer second = framework.awaitOffer();
        // One timer per framework, armed for the filter that lapses first: when it fires it must arm itself for
        // the other, or the second agent would never be offered again (nothing else allocates here).
        TestFramework.expect202(framework.decline(List.of(first.getId()), 0.3));
        TestFramework.expect202(framework.decline(List.of(second.getId()), 0.8));
        Offer back = framework.awaitOffer(o -> !o.getId().equals(first.getId())
                && o.getAgentId().equals(first.getAgentId()));
        Offer later = framework.awaitOffer(o -> !o.getId().equals(second.getId())
                && o.getAgentId().equals(second.getAgentId()));
        assertThat(back.getAgentId()).isNotEqualTo(later.getAgentId());
    }

    @Test
    void suppressStopsOffersAndReviveResumesThem() throws Exception {
        subscribe("suppress");
        framework.awaitOffer();
        framework.awaitOffer();
        TestFramework.expect202(framework.call(Call.newBuilder().setType(Call.Type.SUPPRESS)));
        int mark = framework.mark();
        framework.declineAll(0);
        assertThat(TestFramework.offerCount(framework.barrier(mark))).isZero();
        TestFramework.expect202(framework.call(Call.newBuilder().setType(Call.Type.REVIVE)));
        framework.awaitOffer();
    }

    @Test
    void aSecondFrameworkGetsOffersWhileTheFirstIsSubscribed() throws Exception {
        subscribe("first");
        framework.awaitOffer();
        framework.awaitOffer();
        try (TestFramework second = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("second").build())) {
            framework.declineAll(0);
            Offer offer = second.awaitOffer();
            assertThat(offer.getFrameworkId()).isEqualTo(second.frameworkId);
            // The first one gets the other agent: fair share, both make progress.
            framework.awaitOffer();
            second.teardown();
        }
    }

    @Test
    void invalidOfferIdsLoseEveryTask() throws Exception {
        subscribe("invalid");
        Offer offer = framework.awaitOffer();
        ExecutorInfo executor = TestTasks.sleeper("e").build();
        TaskInfo t = task("t-invalid", offer.getAgentId(), executor, "");
        TestFramework.expect202(framework.accept(List.of(offer.getId(), OfferID.newBuilder().setValue("bogus").build()),
                List.of(launch(t)), 0));
        TaskStatus lost = framework.awaitUpdate("t-invalid", TaskState.TASK_LOST);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(lost.hasUuid()).isFalse();
        // The valid offer came back.
        framework.awaitOffer(o -> o.getAgentId().equals(offer.getAgentId()));
    }

    @Test
    void invalidTasksGetTaskErrorWhileValidOnesLaunchAndExecutorResourcesCountOnce() throws Exception {
        subscribe("validation");
        Offer offer = framework.awaitOffer();
        ExecutorInfo executor = TestTasks.sleeper("sleeper").build();
        ExecutorInfo other = executor.toBuilder().setName("changed").build();
        TaskInfo good = task("good", offer.getAgentId(), executor, "");
        TaskInfo incompatible = task("incompatible", offer.getAgentId(), other, "");
        TaskInfo badId = task("bad/id", offer.getAgentId(), executor, "");
        TaskInfo duplicate = task("good", offer.getAgentId(), executor, "");
        TaskInfo tooBig = good.toBuilder().setTaskId(good.getTaskId().toBuilder().setValue("too-big"))
                .clearResources().addAllResources(TestTasks.resources(64, 32)).build();
        TaskInfo noExecutor = good.toBuilder().setTaskId(good.getTaskId().toBuilder().setValue("command"))
                .clearExecutor().setCommand(executor.getCommand()).build();
        TestFramework.expect202(framework.accept(List.of(offer.getId()),
                List.of(launch(good, incompatible, badId, duplicate, tooBig, noExecutor)), 0));
        for (String id : List.of("incompatible", "bad/id", "good", "too-big", "command")) {
            TaskStatus error = framework.awaitUpdate(id, TaskState.TASK_ERROR);
            assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
            assertThat(error.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
            assertThat(error.hasUuid()).isFalse();
        }
        // The valid task is staging (its executor never subscribes).
        framework.reconcile("good");
        TaskStatus staging = framework.awaitUpdate("good", TaskState.TASK_STAGING);
        assertThat(staging.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(staging.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(staging.hasUuid()).isFalse();

        // What is left is offered again: the task and the executor were charged...
        Offer rest = framework.awaitOffer(o -> o.getAgentId().equals(offer.getAgentId()));
        assertThat(scalar(rest, "cpus")).isCloseTo(2 - 0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scalar(rest, "mem")).isEqualTo(1024 - 32 - 32);
        assertThat(rest.getExecutorIdsList()).containsExactly(executor.getExecutorId());
        // ...and a second task on the running executor is charged only its own resources.
        TestFramework.expect202(framework.accept(List.of(rest.getId()),
                List.of(launch(task("second", offer.getAgentId(), executor, ""))), 0));
        Offer after = framework.awaitOffer(o -> o.getAgentId().equals(offer.getAgentId()));
        assertThat(scalar(after, "cpus")).isCloseTo(2 - 0.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scalar(after, "mem")).isEqualTo(1024 - 32 - 32 - 32);

        // Implicit reconciliation lists both tasks the master tracks.
        framework.reconcile();
        framework.awaitUpdate("good", TaskState.TASK_STAGING);
        framework.awaitUpdate("second", TaskState.TASK_STAGING);
    }
}
