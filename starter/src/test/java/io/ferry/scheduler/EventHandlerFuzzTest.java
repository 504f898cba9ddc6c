package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import io.ferry.wire.JavaSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Well-formed but senseless events — unknown tasks in any state, updates with odd data and uuids, rescinds of
 * offers never made, failures of agents never seen, messages that are not hellos — all reach the event handler,
 * none makes a step of the scheduler's loop throw, and they leave the scheduler working: after hundreds of them it
 * still launches a task into an offer and completes its future.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventHandlerFuzzTest {

    private static Event randomEvent(Random random) {
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(random.nextBoolean() ? "t" + random.nextInt(5) + ".1"
                        : Long.toHexString(random.nextLong())))
                .setState(TaskState.values()[random.nextInt(TaskState.values().length)])
                .setSource(TaskStatus.Source.values()[random.nextInt(3)]);
        if (random.nextBoolean()) {
            status.setAgentId(AgentID.newBuilder().setValue("agent-" + random.nextInt(3)));
        }
        if (random.nextBoolean()) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            status.setData(ByteString.copyFrom(junk));
        }
        if (random.nextBoolean()) {
            byte[] uuid = new byte[random.nextBoolean() ? 16 : random.nextInt(20)];
            random.nextBytes(uuid);
            status.setUuid(ByteString.copyFrom(uuid));
        }
        if (random.nextBoolean()) {
            status.setReason(TaskStatus.Reason.values()[random.nextInt(TaskStatus.Reason.values().length)]);
        }
        byte[] data = new byte[random.nextInt(32)];
        random.nextBytes(data);
        return switch (random.nextInt(6)) {
            case 0 -> Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                    .setOfferId(Protos.OfferID.newBuilder().setValue("o" + random.nextInt(9)))).build();
            case 1 -> Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                    .setAgentId(AgentID.newBuilder().setValue("agent-" + random.nextInt(3)))
                    .setExecutorId(Protos.ExecutorID.newBuilder().setValue("ferry-x"))).build();
            case 2 -> Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
                    .setAgentId(AgentID.newBuilder().setValue("a")).setExecutorId(Protos.ExecutorID.newBuilder()
                            .setValue("e")).setData(ByteString.copyFrom(data))).build();
            case 3 -> Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
            default -> Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                    .setStatus(status)).build();
        };
    }

    /** Not final states: an update in one of them for a task nobody waits for gets a KILL. */
    private static final Set<TaskState> LIVE = EnumSet.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_UNREACHABLE, TaskState.TASK_UNKNOWN);

    @Test
    void senselessEventsReachTheHandlerAndLeaveTheSchedulerWorking() throws Exception {
        Random random = new Random(7);
        List<Event> fuzz = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            fuzz.add(randomEvent(random));
        }
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            for (Event e : fuzz) {
                ScriptedMaster.event(out, e);
            }
            ScriptedMaster.event(out, StatusUpdateOrderTest.offer("real-offer"));
            Call accept = holder[0].awaitCall(Call.Type.ACCEPT, 20);
            Protos.TaskInfo task = accept.getAccept().getOperations(0).getLaunch().getTaskInfos(0);
            ScriptedMaster.event(out, StatusUpdateOrderTest.update(task, TaskState.TASK_FINISHED,
                    JavaSerialization.serialize("still here", 1024), java.util.UUID.randomUUID()));
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            FerryScheduler scheduler = StatusUpdateOrderTest.scheduler(master.url(), meters);
            scheduler.start();
            try {
                CompletableFuture<Object> future = new CompletableFuture<>();
                scheduler.submit(scheduler.newTaskId(), JavaSerialization.serializeToByteString(
                        (io.ferry.task.Task<Integer>) () -> 0, 1024),
                        new TaskOptions(0.1, 32, Duration.ofMinutes(1), 0, "t", Map.of()), future, null);

                assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("still here");
                assertThat(scheduler.state().connected()).isTrue();

                // Every fuzz event reached the handler: it counts each on entry, by type. The stream is read in
                // order, so with the last update handled (the future is done) all of them were.
                Map<Event.Type, Long> sent = new EnumMap<>(Event.Type.class);
                for (Event e : fuzz) {
                    sent.merge(e.getType(), 1L, Long::sum);
                }
                sent.merge(Event.Type.SUBSCRIBED, 1L, Long::sum);
                sent.merge(Event.Type.OFFERS, 1L, Long::sum);
                sent.merge(Event.Type.UPDATE, 1L, Long::sum);
                for (Event.Type type : Event.Type.values()) {
                    assertThat(meters.counter(SchedulerMetrics.EVENTS, "type", type.name()).count())
                            .as("%s events handled", type).isEqualTo(sent.getOrDefault(type, 0L).doubleValue());
                }
                // ... and none of them made a step of the loop throw (the loop would log it, count it, go on).
                assertThat(meters.counter(SchedulerMetrics.LOOP_ERRORS).count()).isZero();

                // The handler acted on them: each update of a live task nobody waits for was answered with a KILL,
                // and each update with a uuid and an agent was acknowledged (plus the real task's one).
                int kills = 0;
                int acknowledgements = 1;
                for (Event e : fuzz) {
                    if (e.getType() == Event.Type.UPDATE) {
                        TaskStatus status = e.getUpdate().getStatus();
                        kills += LIVE.contains(status.getState()) ? 1 : 0;
                        acknowledgements += status.hasUuid() && status.hasAgentId() ? 1 : 0;
                    }
                }
                assertThat(kills).isPositive();
                assertThat(master.awaitCount(Call.Type.KILL, kills, 20)).isEqualTo(kills);
                assertThat(master.awaitCount(Call.Type.ACKNOWLEDGE, acknowledgements, 20)).isEqualTo(acknowledgements);
            } finally {
                scheduler.stop();
            }
        }
    }
}
