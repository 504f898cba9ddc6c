package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.scheduler.OfferPacker.ExecutorCost;
import io.ferry.scheduler.OfferPacker.OfferSlice;
import io.ferry.scheduler.OfferPacker.ReadyTask;
import io.ferry.scheduler.OfferPacker.Plan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferPackerTest {

    private static final ExecutorCost EXECUTOR = new ExecutorCost(0.1, 192);

    private static List<ReadyTask> tasks(int n, double cpus, double mem) {
        List<ReadyTask> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ReadyTask("t" + i, cpus, mem));
        }
        return out;
    }

    @Test
    void packsManyTasksIntoOneOfferAndChargesTheExecutorOnce() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 1.1, 1024, false)),
                tasks(20, 0.1, 32), EXECUTOR);

        assertThat(plan.launches()).hasSize(1);
        // 1.1 cpus - 0.1 for the executor = 1.0 = ten tasks of 0.1; memory is not the limit.
        assertThat(plan.launches().get(0).taskIds()).hasSize(10).startsWith("t0", "t1");
        assertThat(plan.launches().get(0).startsExecutor()).isTrue();
        assertThat(plan.unplaced()).isEqualTo(10);
        assertThat(plan.unused()).isEmpty();
    }

    @Test
    void aRunningExecutorCostsNothing() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 1.0, 1024, true)),
                tasks(20, 0.1, 32), EXECUTOR);

        assertThat(plan.launches().get(0).taskIds()).hasSize(10);
        assertThat(plan.launches().get(0).startsExecutor()).isFalse();
    }

    @Test
    void offersOfOneAgentAreCombinedAndEachAgentGetsItsOwnLaunch() {
        Plan plan = OfferPacker.pack(List.of(
                        new OfferSlice("o1", "a1", 0.3, 512, true),
                        new OfferSlice("o2", "a2", 0.2, 512, true),
                        new OfferSlice("o3", "a1", 0.2, 512, true)),
                tasks(10, 0.1, 32), EXECUTOR);

        assertThat(plan.launches()).extracting(OfferPacker.AgentLaunch::agentId).containsExactly("a1", "a2");
        assertThat(plan.launches().get(0).offerIds()).containsExactly("o1", "o3");
        // Dealt round robin while both have room: a1 t0 t2 t4, a2 t1 t3 (then a2 is full), a1 t5 t6.
        assertThat(plan.launches().get(0).taskIds()).containsExactly("t0", "t2", "t4", "t5", "t6");
        assertThat(plan.launches().get(1).taskIds()).containsExactly("t1", "t3");
        assertThat(plan.unplaced()).isEqualTo(3);
    }

    @Test
    void nothingFitsLeavesTheOfferUnusedAndHeldWithAReason() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 100, false)),
                tasks(3, 0.1, 32), EXECUTOR);

        assertThat(plan.launches()).isEmpty();
        assertThat(plan.unused()).containsExactly("o1");
        assertThat(plan.unplaced()).isEqualTo(3);
        assertThat(plan.outcomes().get(0).note()).isEqualTo("held: no ready task fits"
                + " (the executor needs " + EXECUTOR.cpus() + " cpus, " + EXECUTOR.memMb() + " MiB first)");
    }

    @Test
    void aLaunchSaysWhatItTakesOfItsOffersTheExecutorIncluded() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 1.1, 1024, false)),
                tasks(3, 0.25, 100), EXECUTOR);

        assertThat(plan.launches().get(0).cpusUsed()).isEqualTo(0.85);
        assertThat(plan.launches().get(0).memMbUsed()).isEqualTo(492);
        assertThat(plan.held()).isEmpty();
    }

    @Test
    void anAgentNothingFitsIsHeldWithTheSmallestTaskLeftOutAndWhatItsOffersLeave() {
        List<ReadyTask> ready = List.of(new ReadyTask("wide", 4, 64), new ReadyTask("tall", 1, 8192),
                new ReadyTask("modest", 1, 2048), new ReadyTask("fits", 0.5, 64));
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 2, 1024, true),
                new OfferSlice("o2", "a2", 0.6, 4096, false)), ready, EXECUTOR);

        assertThat(plan.launches()).extracting(OfferPacker.AgentLaunch::agentId).containsExactly("a1");
        assertThat(plan.launches().get(0).taskIds()).containsExactly("fits");
        // a2 has 0.5 cpus once the executor has its 0.1; fewest cpus, then least memory, among those left out.
        assertThat(plan.held()).containsExactly(new OfferPacker.AgentHeld("a2", List.of("o2"),
                OfferDecision.Reason.NOTHING_FITS, new OfferDecision.UnfitTask("modest", 1, 2048), 0.5, 3904, true));
    }

    @Test
    void whenNoAgentHasRoomForAnyTaskTheSmallestReadyTaskIsTheOneLeftOut() {
        List<ReadyTask> ready = List.of(new ReadyTask("a", 3, 64), new ReadyTask("b", 2, 32),
                new ReadyTask("c", 2, 16));
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 1, 1024, true)), ready, EXECUTOR);

        assertThat(plan.held()).singleElement().satisfies(held -> {
            assertThat(held.reason()).isEqualTo(OfferDecision.Reason.NOTHING_FITS);
            // Not tried (no agent had room for the fewest cpus): the first task with the fewest cpus stands for all.
            assertThat(held.smallestUnfit().taskId()).isEqualTo("b");
            assertThat(held.startsExecutor()).isFalse();
        });
    }

    @Test
    void aRoundWithoutTasksLeavesEveryOfferUnusedAndHeld() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true),
                new OfferSlice("o2", "a2", 4, 4096, true)), List.of(), EXECUTOR);

        assertThat(plan.unused()).containsExactly("o1", "o2");
        assertThat(plan.outcomes()).extracting(OfferOutcome::note).containsOnly("held: no task ready");
    }

    @Test
    void anAgentLeftWithoutTasksBecauseOthersTookThemAllSaysSo() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true),
                new OfferSlice("o2", "a2", 4, 4096, true)), tasks(1, 0.1, 32), EXECUTOR);

        assertThat(plan.unused()).containsExactly("o2");
        assertThat(plan.outcomes()).extracting(OfferOutcome::note)
                .containsExactly("launched 1", "held: other agents took every ready task of this round");
        assertThat(plan.held()).extracting(OfferPacker.AgentHeld::reason)
                .containsExactly(OfferDecision.Reason.OTHER_AGENTS_TOOK_ALL);
        assertThat(plan.held().get(0).smallestUnfit()).isNull();
    }

    @Test
    void aLargeTaskThatDoesNotFitLetsSmallerOnesBehindItThrough() {
        List<ReadyTask> ready = List.of(new ReadyTask("big", 8, 32), new ReadyTask("small", 0.5, 32));
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 1, 1024, true)), ready, EXECUTOR);

        assertThat(plan.launches().get(0).taskIds()).containsExactly("small");
        assertThat(plan.unplaced()).isEqualTo(1);
    }

    @Test
    void aBurstSpreadsEvenlyOverAgents() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true),
                new OfferSlice("o2", "a2", 4, 4096, true)), tasks(10, 0.1, 32), EXECUTOR);

        assertThat(plan.launches()).allSatisfy(l -> assertThat(l.taskIds()).hasSize(5));
    }

    @Test
    void oneLaunchCarriesABoundedNumberOfBytesButAlwaysItsFirstTask() {
        List<ReadyTask> ready = List.of(new ReadyTask("a", 0.1, 1, 20), new ReadyTask("b", 0.1, 1, 20),
                new ReadyTask("c", 0.1, 1, 20));
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true)), ready, EXECUTOR, 45);

        assertThat(plan.launches().get(0).taskIds()).containsExactly("a", "b");
        assertThat(plan.unplaced()).isEqualTo(1);
        Plan huge = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true)),
                List.of(new ReadyTask("big", 0.1, 1, 1000)), EXECUTOR, 45);
        assertThat(huge.launches().get(0).taskIds()).containsExactly("big");
    }

    @Test
    void sumsOfTenthsDoNotDrift() {
        // 0.1 added ten times is 0.9999999999999999 in doubles; in thousandths it is exactly 1000.
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 1.0, 1024, true)),
                tasks(11, 0.1, 1), EXECUTOR);

        assertThat(plan.launches().get(0).taskIds()).hasSize(10);
    }

    @Test
    void memoryLimitsToo() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 8, 100, true)),
                tasks(10, 0.1, 32), EXECUTOR);

        assertThat(plan.launches().get(0).taskIds()).hasSize(3);
    }
}
