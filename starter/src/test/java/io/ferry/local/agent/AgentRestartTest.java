package io.ferry.local.agent;

import static io.ferry.local.TestTasks.launch;
import static io.ferry.local.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.ferry.local.FakeExecutor;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestFramework;
import io.ferry.local.TestTasks;
import io.ferry.local.protocol.Statuses;
import io.ferry.wire.MesosHttp;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent restart with {@code --recover=reconnect} (docs/mesos-notes.md §3.5): the agent goes away and comes back
 * on its port with its id while the executor processes keep running. The test speaks the executor API for
 * executors whose processes only sleep ({@link FakeExecutor}), so it decides exactly what an executor lists when
 * it comes back, and whether it comes back at all.
 */
class AgentRestartTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path workDir;
    static LocalCluster cluster;
    static LocalCluster.Agent agent;
    static URI executorApi;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir)
                .withExecutorReregistrationTimeout(Duration.ofSeconds(3))
                .withStatusUpdateRetryInterval(Duration.ofSeconds(30)));
        agent = cluster.agents().get(0);
        executorApi = agent.url().resolve(MesosHttp.EXECUTOR_PATH);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static FrameworkInfo checkpointing(String name, boolean partitionAware) {
        FrameworkInfo.Builder info = TestFramework.info(name).setCheckpoint(true).setFailoverTimeout(60);
        if (partitionAware) {
            info.addCapabilities(FrameworkInfo.Capability.newBuilder()
                    .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
        }
        return info.build();
    }

    /** Launches tasks on a sleeping executor and subscribes for it; returns the subscription, past its LAUNCHes. */
    private static FakeExecutor runOn(TestFramework framework, ExecutorInfo executor, String... taskIds)
            throws Exception {
        Offer offer = framework.awaitOffer(o -> TestTasks.scalar(o, "cpus") >= 0.5);
        List<org.apache.mesos.v1.Protos.TaskInfo> tasks = java.util.Arrays.stream(taskIds)
                .map(id -> task(id, offer.getAgentId(), executor, "sleep")).toList();
        TestFramework.expect202(framework.accept(List.of(offer.getId()),
                List.of(launch(tasks.toArray(org.apache.mesos.v1.Protos.TaskInfo[]::new))), 0));
        Call subscribe = base(framework, executor.getExecutorId()).setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.getDefaultInstance()).build();
        FakeExecutor.awaitRun(executorApi, base(framework, executor.getExecutorId())
                .setType(Call.Type.HEARTBEAT).build());
        FakeExecutor fake = new FakeExecutor(executorApi, subscribe);
        assertThat(fake.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        for (String id : taskIds) {
            Event launchEvent = fake.next();
            assertThat(launchEvent.getType()).isEqualTo(Event.Type.LAUNCH);
            assertThat(launchEvent.getLaunch().getTask().getTaskId().getValue()).isEqualTo(id);
        }
        return fake;
    }

    private static Call.Builder base(TestFramework framework, ExecutorID executorId) {
        return Call.newBuilder().setFrameworkId(framework.frameworkId).setExecutorId(executorId);
    }

    private static TaskStatus status(String taskId, TaskState state, ExecutorID executorId) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(Statuses.newUuid())
                .setAgentId(AgentID.newBuilder().setValue(agent.id())).setExecutorId(executorId).build();
    }

    private static Call update(TestFramework framework, TaskStatus status) {
        return base(framework, status.getExecutorId()).setType(Call.Type.UPDATE)
                .setUpdate(Call.Update.newBuilder().setStatus(status)).build();
    }

    private static List<String> containers(String executorId) throws Exception {
        String state = HTTP.send(HttpRequest.newBuilder(agent.url().resolve("/state")).timeout(TestFramework.WAIT)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return JsonPath.read(state, "$.frameworks[*].executors[?(@.id == '" + executorId + "')].container");
    }

    @Test
    void updatesCrossTheRestartWithTheirUuidsAndAnUnlistedStagingTaskIsLost() throws Exception {
        try (TestFramework framework = TestFramework.subscribe(cluster.masterUrl(), true,
                checkpointing("restart", false))) {
            ExecutorInfo executor = TestTasks.sleeper("survivor").build();
            ExecutorID executorId = executor.getExecutorId();
            TaskStatus finished;
            TaskStatus running = status("runs", TaskState.TASK_RUNNING, executorId);
            try (FakeExecutor before = runOn(framework, executor, "runs", "never-started")) {
                assertThat(FakeExecutor.post(executorApi, update(framework, running), MesosHttp.JSON).statusCode())
                        .isEqualTo(202);
                assertThat(before.next().getAcknowledged().getUuid()).isEqualTo(running.getUuid());
                // Forwarded, and left unacknowledged by the scheduler: the agent must still have it after the restart.
                assertThat(framework.awaitUpdate("runs", TaskState.TASK_RUNNING).getUuid())
                        .isEqualTo(running.getUuid());
                String container = containers("survivor").get(0);

                cluster.stopAgent(0);
                assertThat(before.awaitEnd()).isTrue();
                // The task finishes while the agent is away: the executor cannot send the update, so keeps it.
                finished = status("runs", TaskState.TASK_FINISHED, executorId);
                assertThatThrownBy(() -> FakeExecutor.post(executorApi, update(framework, finished), MesosHttp.JSON))
                        .isInstanceOf(ConnectException.class);
                cluster.startAgent(0);

                // Recovering: only SUBSCRIBE is served until the executors are back.
                assertThat(FakeExecutor.post(executorApi, base(framework, executorId).setType(Call.Type.HEARTBEAT)
                        .build(), MesosHttp.JSON).statusCode()).isEqualTo(503);
                Call resubscribe = base(framework, executorId).setType(Call.Type.SUBSCRIBE)
                        .setSubscribe(Call.Subscribe.newBuilder()
                                .addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(finished)))
                        .build();
                try (FakeExecutor after = new FakeExecutor(executorApi, resubscribe)) {
                    Event subscribed = after.next();
                    assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
                    assertThat(subscribed.getSubscribed().getContainerId().getValue()).isEqualTo(container);
                    assertThat(subscribed.getSubscribed().getAgentInfo().getId().getValue()).isEqualTo(agent.id());
                    assertThat(after.next().getAcknowledged().getUuid()).isEqualTo(finished.getUuid());

                    // As if nothing happened: RUNNING again (same uuid, never acknowledged), then FINISHED.
                    TaskStatus resent = framework.awaitUpdate("runs", TaskState.TASK_RUNNING);
                    assertThat(resent.getUuid()).isEqualTo(running.getUuid());
                    framework.acknowledge(resent);
                    TaskStatus done = framework.awaitUpdate("runs", TaskState.TASK_FINISHED);
                    assertThat(done.getUuid()).isEqualTo(finished.getUuid());
                    framework.acknowledge(done);

                    // The executor got the second task's LAUNCH but never mentioned it: lost in the restart.
                    TaskStatus lost = framework.awaitUpdate("never-started", TaskState.TASK_LOST);
                    assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_RESTARTED);
                    assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
                    assertThat(lost.getUuid().size()).isEqualTo(16);
                    framework.acknowledge(lost);

                    // Same run, still running: no FAILURE, and the agent is offered again.
                    assertThat(containers("survivor")).containsExactly(container);
                    framework.declineAll(0);
                    framework.awaitOffer(o -> o.getAgentId().getValue().equals(agent.id()));
                    assertThat(framework.events()).noneMatch(e -> e.getType()
                            == org.apache.mesos.v1.scheduler.Protos.Event.Type.FAILURE);
                }
            } finally {
                framework.teardown();
            }
        }
    }

    /**
     * The next update of the task in {@code state}. An acknowledgement of RUNNING that raced the restart was
     * dropped with the agent (as Mesos drops it), so the agent resends RUNNING first and holds the next update
     * behind it: acknowledge the resent RUNNING, as a framework would.
     */
    private static TaskStatus awaitAckingResentRunning(TestFramework framework, String taskId, TaskState state)
            throws Exception {
        for (int i = 0; i < 5; i++) {
            TaskStatus status = framework.await(e -> e.getType()
                    == org.apache.mesos.v1.scheduler.Protos.Event.Type.UPDATE
                    && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                    && (e.getUpdate().getStatus().getState() == state
                    || e.getUpdate().getStatus().getState() == TaskState.TASK_RUNNING), TestFramework.WAIT)
                    .getUpdate().getStatus();
            if (status.getState() == state) {
                return status;
            }
            framework.acknowledge(status);
        }
        throw new AssertionError("no " + state + " for " + taskId + " after 5 resent RUNNING updates");
    }

    @Test
    void executorsThatStayAwayAreKilledAndTheirTasksLostOrGone() throws Exception {
        try (TestFramework plain = TestFramework.subscribe(cluster.masterUrl(), false,
                checkpointing("stays-away", false));
                TestFramework aware = TestFramework.subscribe(cluster.masterUrl(), false,
                        checkpointing("stays-away-pa", true))) {
            try (FakeExecutor a = runOn(plain, TestTasks.sleeper("away").build(), "away-task");
                    FakeExecutor b = runOn(aware, TestTasks.sleeper("away-pa").build(), "away-pa-task")) {
                for (TestFramework framework : List.of(plain, aware)) {
                    String taskId = framework == plain ? "away-task" : "away-pa-task";
                    ExecutorID executorId = ExecutorID.newBuilder()
                            .setValue(framework == plain ? "away" : "away-pa").build();
                    TaskStatus running = status(taskId, TaskState.TASK_RUNNING, executorId);
                    assertThat(FakeExecutor.post(executorApi, update(framework, running), MesosHttp.JSON)
                            .statusCode()).isEqualTo(202);
                    framework.acknowledge(framework.awaitUpdate(taskId, TaskState.TASK_RUNNING));
                }
                cluster.restartAgent(0);
                assertThat(a.awaitEnd()).isTrue();
                assertThat(b.awaitEnd()).isTrue();
            }
            // Neither comes back within the reregistration timeout.
            TaskStatus lost = awaitAckingResentRunning(plain, "away-task", TaskState.TASK_LOST);
            TaskStatus gone = awaitAckingResentRunning(aware, "away-pa-task", TaskState.TASK_GONE);
            for (TaskStatus s : List.of(lost, gone)) {
                assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
                assertThat(s.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
                assertThat(s.getUuid().size()).isEqualTo(16);
            }
            plain.acknowledge(lost);
            aware.acknowledge(gone);
            assertThat(plain.await(e -> e.getType() == org.apache.mesos.v1.scheduler.Protos.Event.Type.FAILURE,
                    TestFramework.WAIT).getFailure().getStatus()).isEqualTo(9); // SIGKILL
            aware.await(org.apache.mesos.v1.scheduler.Protos.Event.Type.FAILURE);
            plain.teardown();
            aware.teardown();
        }
    }
}
