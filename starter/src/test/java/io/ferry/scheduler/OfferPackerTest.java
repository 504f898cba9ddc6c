package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.scheduler.OfferPacker.ExecutorCost;
import io.ferry.scheduler.OfferPacker.OfferSlice;
import io.ferry.scheduler.OfferPacker.PendingTask;
import io.ferry.scheduler.OfferPacker.Plan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferPackerTest {

    private static final ExecutorCost EXECUTOR = new ExecutorCost(0.1, 192);

    private static List<PendingTask> tasks(int n, double cpus, double mem) {
        List<PendingTask> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PendingTask("t" + i, cpus, mem));
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
        assertThat(plan.declines()).isEmpty();
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
    void nothingFitsMeansDeclineWithAReason() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 100, false)),
                tasks(3, 0.1, 32), EXECUTOR);

        assertThat(plan.launches()).isEmpty();
        assertThat(plan.declines()).containsExactly("o1");
        assertThat(plan.unplaced()).isEqualTo(3);
        assertThat(plan.outcomes().get(0).note()).contains("no waiting task fits").contains("executor needs");
    }

    @Test
    void anEmptyQueueDeclinesEverything() {
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true),
                new OfferSlice("o2", "a2", 4, 4096, true)), List.of(), EXECUTOR);

        assertThat(plan.declines()).containsExactly("o1", "o2");
        assertThat(plan.outcomes()).allSatisfy(o -> assertThat(o.note()).contains("no task waiting"));
    }

    @Test
    void aLargeTaskThatDoesNotFitLetsSmallerOnesBehindItThrough() {
        List<PendingTask> pending = List.of(new PendingTask("big", 8, 32), new PendingTask("small", 0.5, 32));
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 1, 1024, true)), pending, EXECUTOR);

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
        List<PendingTask> pending = List.of(new PendingTask("a", 0.1, 1, 20), new PendingTask("b", 0.1, 1, 20),
                new PendingTask("c", 0.1, 1, 20));
        Plan plan = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true)), pending, EXECUTOR, 45);

        assertThat(plan.launches().get(0).taskIds()).containsExactly("a", "b");
        assertThat(plan.unplaced()).isEqualTo(1);
        Plan huge = OfferPacker.pack(List.of(new OfferSlice("o1", "a1", 4, 4096, true)),
                List.of(new PendingTask("big", 0.1, 1, 1000)), EXECUTOR, 45);
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
