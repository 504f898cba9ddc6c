package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.task.TaskOptions;
import io.ferry.wire.JavaSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every offer's fate is recorded once, when it is decided: launched into, declined when its hold ended (and why it
 * was held), declined at once, rescinded, void with its subscription. A scripted master sends the offers and plays
 * the master's part; the scheduler is the real one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OfferDecisionsTest {

    private static final Duration SHORT_HOLD = Duration.ofMillis(300);

    @Test
    void aLaunchAHoldThatEndsAndARescindAreEachRecordedOnce() throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        // The script and the test both take calls from the master's one queue: the test waits until the script has
        // taken its ACCEPT, or its own wait for the DECLINE could take (and skip) the ACCEPT first.
        CountDownLatch accepted = new CountDownLatch(1);
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            ScriptedMaster.event(out, offers(offer("o1", "agent-1", 4, 4096)));
            holder[0].awaitCall(Call.Type.ACCEPT, 20);
            accepted.countDown();
            // Nothing is queued now: o2 is held and declined when its hold ends; o3 is rescinded while held.
            ScriptedMaster.event(out, offers(offer("o2", "agent-2", 2, 2048), offer("o3", "agent-2", 1, 1024)));
            ScriptedMaster.event(out, Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind
                    .newBuilder().setOfferId(Protos.OfferID.newBuilder().setValue("o3"))).build());
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            FerryScheduler scheduler = scheduler(master.url(), SHORT_HOLD);
            scheduler.start();
            try {
                String id = scheduler.newTaskId();
                submit(scheduler, id, 0.5, 64);

                assertThat(accepted.await(20, TimeUnit.SECONDS)).as("the script saw the ACCEPT").isTrue();
                Call decline = master.awaitCall(Call.Type.DECLINE, 20);
                assertThat(decline.getDecline().getOfferIdsList()).extracting(Protos.OfferID::getValue)
                        .containsExactly("o2");
                List<OfferDecision> decisions = awaitDecisions(scheduler, d -> d.size() >= 3);

                assertThat(decisions).as("newest first").extracting(d -> d.offerIds().get(0))
                        .containsExactly("o2", "o3", "o1");
                OfferDecision launched = decisions.get(2);
                assertThat(launched.fate()).isEqualTo(OfferDecision.Fate.LAUNCHED);
                assertThat(launched.agentId()).isEqualTo("agent-1");
                assertThat(launched.offerIds()).containsExactly("o1");
                assertThat(launched.cpus()).isEqualTo(4);
                assertThat(launched.memMb()).isEqualTo(4096);
                assertThat(launched.launched()).isEqualTo(1);
                assertThat(launched.taskIds()).containsExactly(id);
                // The task's 0.5 cpus and 64 MiB, and the executor's 0.1 and 64 MiB (it was not running there).
                assertThat(launched.cpusUsed()).isEqualTo(0.6);
                assertThat(launched.memMbUsed()).isEqualTo(128);
                assertThat(launched.note()).isEqualTo("launched 1 task and the executor");
                assertThat(launched.reason()).isNull();

                OfferDecision rescinded = decisions.get(1);
                assertThat(rescinded.fate()).isEqualTo(OfferDecision.Fate.RESCINDED);
                assertThat(rescinded.offerIds()).containsExactly("o3");
                assertThat(rescinded.launched()).isZero();
                assertThat(rescinded.taskIds()).isEmpty();

                OfferDecision expired = decisions.get(0);
                assertThat(expired.fate()).isEqualTo(OfferDecision.Fate.HOLD_EXPIRED);
                assertThat(expired.reason()).isEqualTo(OfferDecision.Reason.NOTHING_QUEUED);
                assertThat(expired.cpus()).isEqualTo(2);
                assertThat(expired.note()).startsWith("held ").endsWith(", then declined: no task was ready");
                assertThat(Duration.between(expired.received(), expired.at())).isGreaterThanOrEqualTo(SHORT_HOLD);
                assertThat(scheduler.state().offers()).isEmpty();
            } finally {
                scheduler.stop();
            }
        }
    }

    @Test
    void anOfferNothingFitsSaysWhichTaskDidNotFitWhileHeldAndWhenDeclined() throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        CountDownLatch revived = new CountDownLatch(1); // as above: one queue, taken in turn
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            holder[0].awaitCall(Call.Type.REVIVE, 20); // the task is queued: offers are wanted
            revived.countDown();
            ScriptedMaster.event(out, offers(offer("small", "agent-1", 1, 1024)));
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            FerryScheduler scheduler = scheduler(master.url(), Duration.ofSeconds(1));
            scheduler.start();
            try {
                awaitSubscribed(scheduler); // then the task is queued after the scheduler suppressed offers
                String big = scheduler.newTaskId();
                submit(scheduler, big, 2, 512);

                assertThat(revived.await(20, TimeUnit.SECONDS)).as("the script saw the REVIVE").isTrue();
                master.awaitCall(Call.Type.DECLINE, 20);
                OfferDecision declined = awaitDecisions(scheduler, d -> !d.isEmpty()).get(0);

                assertThat(declined.fate()).isEqualTo(OfferDecision.Fate.HOLD_EXPIRED);
                assertThat(declined.reason()).isEqualTo(OfferDecision.Reason.NOTHING_FITS);
                assertThat(declined.smallestUnfit()).isEqualTo(new OfferDecision.UnfitTask(big, 2, 512));
                assertThat(declined.note()).contains("then declined: no ready task fit; the smallest task left, " + big
                        + ", needs 2 cpus and 512 MiB; the agent's offers left 0.9 cpus and 960 MiB once the executor"
                        + " that would start there had its share");
            } finally {
                scheduler.stop();
            }
        }
    }

    @Test
    void offersOfAnAgentWhoseExecutorExitedAreDeclinedAtOnceAndThoseOfAnEndedSubscriptionAreVoid()
            throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            if (n == 0) {
                ScriptedMaster.event(out, offers(offer("a1", "agent-1", 1, 1024), offer("b1", "agent-2", 1, 1024)));
                ScriptedMaster.event(out, Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure
                        .newBuilder().setAgentId(AgentID.newBuilder().setValue("agent-1"))
                        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("ferry-gone")).setStatus(9)).build());
                holder[0].awaitCall(Call.Type.DECLINE, 20);
                return; // the stream ends: b1, still held, is void with it
            }
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            FerryScheduler scheduler = scheduler(master.url(), Duration.ofMinutes(1));
            scheduler.start();
            try {
                List<OfferDecision> decisions = awaitDecisions(scheduler, d -> d.size() >= 2);

                assertThat(decisions).hasSize(2);
                assertThat(decisions.get(1).offerIds()).containsExactly("a1");
                assertThat(decisions.get(1).fate()).isEqualTo(OfferDecision.Fate.DECLINED);
                assertThat(decisions.get(1).reason()).isEqualTo(OfferDecision.Reason.EXECUTOR_EXITED);
                assertThat(decisions.get(0).offerIds()).containsExactly("b1");
                assertThat(decisions.get(0).fate()).isEqualTo(OfferDecision.Fate.VOIDED);
                assertThat(decisions.get(0).note()).isEqualTo("void: the subscription it came with ended");
            } finally {
                scheduler.stop();
            }
        }
    }

    @Test
    void theHistoryKeepsTheNewestDecisionsAndPublishesOnlyWhatChanged() {
        OfferHistory history = new OfferHistory(3);
        history.publish();
        assertThat(history.published()).isEmpty();
        for (int i = 1; i <= 5; i++) {
            history.record(decision("o" + i));
        }
        assertThat(history.published()).as("not before the batch ends").isEmpty();

        history.publish();
        List<OfferDecision> first = history.published();
        assertThat(first).extracting(d -> d.offerIds().get(0)).containsExactly("o5", "o4", "o3");
        history.publish();
        assertThat(history.published()).as("nothing new: the same list").isSameAs(first);
        history.record(decision("o6"));
        history.publish();
        assertThat(history.published()).extracting(d -> d.offerIds().get(0)).containsExactly("o6", "o5", "o4");
        assertThat(first).as("a published list never changes").extracting(d -> d.offerIds().get(0))
                .containsExactly("o5", "o4", "o3");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static OfferDecision decision(String offerId) {
        return new OfferDecision(Instant.now(), "a", "h", List.of(offerId), 1, 1, Instant.now(),
                OfferDecision.Fate.RESCINDED, null, "rescinded by the master", 0, List.of(), 0, 0, null);
    }

    static FerryScheduler scheduler(URI master, Duration offerHold) {
        SchedulerSettings settings = new SchedulerSettings(
                url -> FrameworkInfo.newBuilder().setUser("u").setName("test").build(), null, null,
                SchedulerSettings.executorSettings(0.1, 64, null, "", 4, 1 << 20, "token-0123456789abcdef",
                        Duration.ofSeconds(1)),
                1000, Long.MAX_VALUE, 100, offerHold, Duration.ofSeconds(5), 5,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), false, FrameworkIdStore.none(),
                OfferDecisionsTest.class.getClassLoader());
        return new FerryScheduler(settings, () -> master, () -> URI.create("http://127.0.0.1:1"),
                new SchedulerMetrics(new SimpleMeterRegistry()));
    }

    static void submit(FerryScheduler scheduler, String id, double cpus, double memMb) throws java.io.IOException {
        scheduler.submit(id, JavaSerialization.serializeToByteString((io.ferry.task.Task<Integer>) () -> 0, 1024),
                new TaskOptions(cpus, memMb, Duration.ofMinutes(1), 0, "t", Map.of()), new CompletableFuture<>(),
                null);
    }

    static Protos.Offer offer(String id, String agent, double cpus, double memMb) {
        return Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
                .setAgentId(AgentID.newBuilder().setValue(agent)).setHostname(agent + ".example")
                .addResources(ExecutorSpec.scalar("cpus", cpus))
                .addResources(ExecutorSpec.scalar("mem", memMb)).build();
    }

    static Event offers(Protos.Offer... offers) {
        return Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addAllOffers(List.of(offers))).build();
    }

    /** The published decisions once they satisfy {@code ready}: they are published after the loop's batch. */
    static List<OfferDecision> awaitDecisions(FerryScheduler scheduler, Predicate<List<OfferDecision>> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<OfferDecision> decisions = scheduler.offerDecisions();
        while (!ready.test(decisions)) {
            assertThat(System.nanoTime()).as("offer decisions %s", decisions).isLessThan(deadline);
            Thread.sleep(10);
            decisions = scheduler.offerDecisions();
        }
        return decisions;
    }

    static void awaitSubscribed(FerryScheduler scheduler) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!scheduler.state().connected()) {
            assertThat(System.nanoTime()).as("subscribed").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
