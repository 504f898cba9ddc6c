package io.ferry.scheduler;

import static io.ferry.scheduler.StatusUpdateOrderTest.offer;
import static io.ferry.scheduler.StatusUpdateOrderTest.scheduler;
import static io.ferry.scheduler.StatusUpdateOrderTest.subscribed;
import static io.ferry.scheduler.StatusUpdateOrderTest.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.task.TaskOptions;
import io.ferry.wire.JavaSerialization;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An ACCEPT that was written but never answered may have launched its tasks: queueing them again could run them
 * twice. The scheduler asks the master instead (RECONCILE) and goes by the answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnansweredAcceptTest {

    @Test
    void aLaunchTheMasterKnowsIsNotLaunchedAgain() throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, subscribed());
            ScriptedMaster.event(out, offer("o1"));
            TaskInfo task = holder[0].awaitCall(Call.Type.ACCEPT, 20).getAccept().getOperations(0).getLaunch()
                    .getTaskInfos(0);
            // Not the implicit RECONCILE (no tasks) that follows SUBSCRIBED: it may come after the ACCEPT.
            Call reconcile = holder[0].awaitCall(Call.Type.RECONCILE, 20,
                    c -> c.getReconcile().getTasksCount() > 0);
            assertThat(reconcile.getReconcile().getTasksList()).extracting(t -> t.getTaskId())
                    .containsExactly(task.getTaskId());
            // The master did launch it: RUNNING as a reconciliation answer, then the task's own updates.
            ScriptedMaster.event(out, reconciled(task, TaskState.TASK_RUNNING));
            ScriptedMaster.event(out, update(task, TaskState.TASK_FINISHED, JavaSerialization.serialize(7, 1024),
                    UUID.randomUUID()));
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            TaskView task = runOneUnansweredLaunch(master, 7, 0);
            assertThat(master.calls).filteredOn(c -> c.getType() == Call.Type.ACCEPT).hasSize(1);
            assertThat(task.attempts()).isEqualTo(1);
        }
    }

    @Test
    void aLaunchTheMasterDoesNotKnowIsRetried() throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, subscribed());
            ScriptedMaster.event(out, offer("o1"));
            TaskInfo first = holder[0].awaitCall(Call.Type.ACCEPT, 20).getAccept().getOperations(0).getLaunch()
                    .getTaskInfos(0);
            holder[0].unanswered = null;
            holder[0].awaitCall(Call.Type.RECONCILE, 20, c -> c.getReconcile().getTasksCount() > 0);
            ScriptedMaster.event(out, reconciled(first, TaskState.TASK_LOST)); // never launched
            ScriptedMaster.event(out, offer("o2"));
            TaskInfo second = holder[0].awaitCall(Call.Type.ACCEPT, 20).getAccept().getOperations(0).getLaunch()
                    .getTaskInfos(0);
            ScriptedMaster.event(out, update(second, TaskState.TASK_FINISHED, JavaSerialization.serialize(8, 1024),
                    UUID.randomUUID()));
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            runOneUnansweredLaunch(master, 8, 1);
            assertThat(master.calls).filteredOn(c -> c.getType() == Call.Type.ACCEPT).hasSize(2);
        }
    }

    /** Runs one task returning {@code value} while {@code master} leaves ACCEPTs unanswered; its view at the end. */
    private static TaskView runOneUnansweredLaunch(ScriptedMaster master, int value, int retries) throws Exception {
        master.unanswered = Call.Type.ACCEPT;
        FerryScheduler scheduler = scheduler(master.url());
        scheduler.start();
        try {
            CompletableFuture<Object> future = new CompletableFuture<>();
            String id = scheduler.newTaskId();
            scheduler.submit(id, JavaSerialization.serializeToByteString((io.ferry.task.Task<Integer>) () -> value, 1024),
                    new TaskOptions(0.1, 32, Duration.ofMinutes(1), retries, "t", Map.of()), future, null);
            assertThat(future.get(20, TimeUnit.SECONDS)).isEqualTo(value);
            return scheduler.task(id).orElseThrow();
        } finally {
            scheduler.stop();
        }
    }

    private static Event reconciled(TaskInfo task, TaskState state) {
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                .setStatus(TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(state)
                        .setAgentId(task.getAgentId()).setSource(TaskStatus.Source.SOURCE_MASTER)
                        .setReason(TaskStatus.Reason.REASON_RECONCILIATION))).build();
    }
}
