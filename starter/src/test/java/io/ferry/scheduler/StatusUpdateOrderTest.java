package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import io.ferry.wire.JavaSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Status updates arrive at least once and in any order (docs/mesos-notes.md §2.5): repeats and late updates must
 * never complete a future twice, move a task backwards, or go unacknowledged. A scripted master plays the
 * duplicates, which a well-behaved cluster would rarely produce on demand.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatusUpdateOrderTest {

    private static final AgentID AGENT = AgentID.newBuilder().setValue("agent-1").build();

    static FerryScheduler scheduler(URI master) {
        return scheduler(master, new SimpleMeterRegistry());
    }

    static FerryScheduler scheduler(URI master, MeterRegistry meters) {
        SchedulerSettings settings = new SchedulerSettings(
                url -> FrameworkInfo.newBuilder().setUser("u").setName("test").build(), null, null,
                SchedulerSettings.executorSettings(0.1, 64, null, "", 4, 1 << 20, "token-0123456789abcdef",
                        Duration.ofSeconds(1)),
                1000, Long.MAX_VALUE, 100, Duration.ofSeconds(30), Duration.ofSeconds(5), 5,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), false, FrameworkIdStore.none(),
                StatusUpdateOrderTest.class.getClassLoader());
        return new FerryScheduler(settings, () -> master, () -> URI.create("http://127.0.0.1:1"),
                new SchedulerMetrics(meters));
    }

    static Event subscribed() {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1")).setHeartbeatIntervalSeconds(15)).build();
    }

    static Event offer(String id) {
        return Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder().addOffers(
                Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
                        .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1")).setAgentId(AGENT)
                        .setHostname("localhost")
                        .addResources(ExecutorSpec.scalar("cpus", 4))
                        .addResources(ExecutorSpec.scalar("mem", 4096)))).build();
    }

    static Event update(TaskInfo task, TaskState state, byte[] data, UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(state)
                .setAgentId(AGENT).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(ByteString.copyFrom(b.array()));
        if (data != null) {
            status.setData(ByteString.copyFrom(data));
        }
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(status))
                .build();
    }

    /**
     * Counts every attempt to complete it, not only the one that wins: a future takes only its first answer, so a
     * second attempt (the bug this test is about) would not show in the future itself.
     */
    static final class CompletionAttempts extends CompletableFuture<Object> {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public boolean complete(Object value) {
            attempts.incrementAndGet();
            return super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable failure) {
            attempts.incrementAndGet();
            return super.completeExceptionally(failure);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            attempts.incrementAndGet();
            return super.cancel(mayInterruptIfRunning);
        }
    }

    static double count(MeterRegistry meters, String name, String... tags) {
        return meters.counter(name, tags).count();
    }

    @Test
    void repeatedAndLateUpdatesCompleteTheFutureOnceAndAreAllAcknowledged() throws Exception {
        List<UUID> sentUuids = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, subscribed());
            ScriptedMaster.event(out, offer("o1"));
            Call accept = holder[0].awaitCall(Call.Type.ACCEPT, 20);
            TaskInfo task = accept.getAccept().getOperations(0).getLaunch().getTaskInfos(0);
            byte[] result = JavaSerialization.serialize(42, 1024);
            UUID running = UUID.randomUUID();
            UUID finished = UUID.randomUUID();
            for (Event e : List.of(
                    update(task, TaskState.TASK_RUNNING, null, running),
                    update(task, TaskState.TASK_FINISHED, result, finished),
                    update(task, TaskState.TASK_FINISHED, result, finished),    // retransmitted
                    update(task, TaskState.TASK_RUNNING, null, running),        // late, out of order
                    update(task, TaskState.TASK_FAILED, null, UUID.randomUUID()))) { // contradicting, after the end
                ScriptedMaster.event(out, e);
                sentUuids.add(uuid(e.getUpdate().getStatus().getUuid()));
            }
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            FerryScheduler scheduler = scheduler(master.url(), meters);
            scheduler.start();
            try {
                CompletionAttempts future = new CompletionAttempts();
                String id = scheduler.newTaskId();
                scheduler.submit(id,
                        JavaSerialization.serializeToByteString((io.ferry.task.Task<Integer>) () -> 0, 1024),
                        new TaskOptions(0.1, 32, Duration.ofMinutes(1), 0, "t", Map.of()), future, null);

                assertThat(future.get(20, TimeUnit.SECONDS)).isEqualTo(42);
                // The scheduler acknowledges an update after applying it: with all five acknowledged, all five were
                // applied, the retransmission, the late RUNNING and the contradicting FAILED included.
                assertThat(master.awaitCount(Call.Type.ACKNOWLEDGE, 5, 20)).isEqualTo(5);
                assertThat(master.calls).filteredOn(c -> c.getType() == Call.Type.ACKNOWLEDGE)
                        .extracting(c -> uuid(c.getAcknowledge().getUuid()))
                        .containsExactlyInAnyOrderElementsOf(sentUuids);
                assertThat(count(meters, SchedulerMetrics.UPDATES_RECEIVED, "state", "TASK_RUNNING")).isEqualTo(2);
                assertThat(count(meters, SchedulerMetrics.UPDATES_RECEIVED, "state", "TASK_FINISHED")).isEqualTo(2);
                assertThat(count(meters, SchedulerMetrics.UPDATES_RECEIVED, "state", "TASK_FAILED")).isEqualTo(1);

                // Finished once: one outcome counted (on the loop, before the acknowledgements went out), one attempt
                // to complete the future. The updates after the first FINISHED belong to an attempt that ended: they
                // change nothing, and do not pass for tasks of an earlier run (orphans).
                assertThat(count(meters, SchedulerMetrics.TASKS_ENDED, "state", "finished")).isEqualTo(1);
                assertThat(count(meters, SchedulerMetrics.TASKS_ENDED, "state", "failed")).isZero();
                assertThat(future.attempts.get()).isEqualTo(1);
                TaskView view = scheduler.task(id).orElseThrow();
                assertThat(view.phase()).isEqualTo(TaskPhase.SUCCEEDED);
                assertThat(view.mesosState()).isEqualTo("TASK_FINISHED");
                assertThat(view.result()).isEqualTo("42");
                assertThat(view.failure()).isNull();
                // The updates of the attempt are kept with the task; those after its end belong to nobody.
                assertThat(view.updates()).extracting(StatusUpdate::state)
                        .containsExactly("TASK_RUNNING", "TASK_FINISHED");
                assertThat(view.updates()).allSatisfy(u -> {
                    assertThat(u.attempt()).isEqualTo(1);
                    assertThat(u.source()).isEqualTo("SOURCE_EXECUTOR");
                    assertThat(u.time()).isBetween(view.submitted(), view.finished());
                });
                assertThat(view.updateCount()).isEqualTo(2);
                assertThat(scheduler.tasks()).extracting(TaskView::id).containsExactly(id);
                assertThat(count(meters, SchedulerMetrics.TASKS_ENDED, "state", "orphaned")).isZero();
            } finally {
                scheduler.stop();
            }
        }
    }

    @Test
    void reconciliationAnswersWithoutDataDoNotCompleteTheFuture() throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, subscribed());
            ScriptedMaster.event(out, offer("o1"));
            Call accept = holder[0].awaitCall(Call.Type.ACCEPT, 20);
            TaskInfo task = accept.getAccept().getOperations(0).getLaunch().getTaskInfos(0);
            // The master's answer: FINISHED, no data, no uuid (§8). The real update with the result comes later.
            ScriptedMaster.event(out, Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                    .setStatus(TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(TaskState.TASK_FINISHED)
                            .setAgentId(AGENT).setSource(TaskStatus.Source.SOURCE_MASTER)
                            .setReason(TaskStatus.Reason.REASON_RECONCILIATION))).build());
            ScriptedMaster.event(out, update(task, TaskState.TASK_FINISHED,
                    JavaSerialization.serialize("the result", 1024), UUID.randomUUID()));
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            FerryScheduler scheduler = scheduler(master.url(), meters);
            scheduler.start();
            try {
                CompletionAttempts future = new CompletionAttempts();
                scheduler.submit(scheduler.newTaskId(), JavaSerialization.serializeToByteString(
                        (io.ferry.task.Task<Integer>) () -> 0, 1024),
                        new TaskOptions(0.1, 32, Duration.ofMinutes(1), 0, "t", Map.of()), future, null);

                assertThat(future.get(20, TimeUnit.SECONDS)).isEqualTo("the result");
                // Both FINISHED updates reached the scheduler (in order, on one stream): the answer without data
                // was only noted, the real one completed the future, once.
                assertThat(count(meters, SchedulerMetrics.UPDATES_RECEIVED, "state", "TASK_FINISHED")).isEqualTo(2);
                assertThat(count(meters, SchedulerMetrics.TASKS_ENDED, "state", "finished")).isEqualTo(1);
                assertThat(future.attempts.get()).isEqualTo(1);
            } finally {
                scheduler.stop();
            }
        }
    }

    static UUID uuid(ByteString bytes) {
        ByteBuffer b = bytes.asReadOnlyByteBuffer();
        return new UUID(b.getLong(), b.getLong());
    }
}
