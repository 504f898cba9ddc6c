package io.ferry.local.master;

import static io.ferry.local.TestTasks.launch;
import static io.ferry.local.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master going away and coming back on its port (docs/mesos-notes.md §2.2, §2.4, §2.5), and a master that is
 * not the leader (§1.2). Heartbeats every second, as Ferry's fault-tolerance tests run them.
 */
class MasterOutageTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path workDir;
    static LocalCluster cluster;
    static URI executorApi;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir)
                .withHeartbeatInterval(Duration.ofSeconds(1))
                .withStatusUpdateRetryInterval(Duration.ofMillis(200)));
        executorApi = cluster.agents().get(0).url().resolve(MesosHttp.EXECUTOR_PATH);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<String> post(URI uri, Call call) throws Exception {
        return HTTP.send(TestFramework.request(uri, true, call).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Call subscribeCall(String name) {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(TestFramework.info(name))).build();
    }

    @Test
    void aFrameworkResubscribesAfterTheOutageAndGetsTheUpdatesItMissed() throws Exception {
        FrameworkInfo info = TestFramework.info("outage").setCheckpoint(true).setFailoverTimeout(60).build();
        TestFramework before = TestFramework.subscribe(cluster.masterUrl(), false, info);
        ExecutorInfo executor = TestTasks.sleeper("outlasts").build();
        Offer offer = before.awaitOffer();
        TestFramework.expect202(before.accept(List.of(offer.getId()),
                List.of(launch(task("outlasts-task", offer.getAgentId(), executor, "sleep"))), 0));
        org.apache.mesos.v1.executor.Protos.Call.Builder base = org.apache.mesos.v1.executor.Protos.Call.newBuilder()
                .setFrameworkId(before.frameworkId).setExecutorId(executor.getExecutorId());
        FakeExecutor.awaitRun(executorApi, base.clone()
                .setType(org.apache.mesos.v1.executor.Protos.Call.Type.HEARTBEAT).build());
        try (FakeExecutor fake = new FakeExecutor(executorApi, base.clone()
                .setType(org.apache.mesos.v1.executor.Protos.Call.Type.SUBSCRIBE)
                .setSubscribe(org.apache.mesos.v1.executor.Protos.Call.Subscribe.getDefaultInstance()).build())) {
            fake.next(); // SUBSCRIBED
            fake.next(); // LAUNCH
            TaskStatus running = statusOf(TaskState.TASK_RUNNING, offer.getAgentId(), executor);
            assertThat(FakeExecutor.post(executorApi, executorUpdate(base, running), MesosHttp.JSON).statusCode())
                    .isEqualTo(202);
            assertThat(fake.next().getAcknowledged().getUuid()).isEqualTo(running.getUuid());
            before.acknowledge(before.awaitUpdate("outlasts-task", TaskState.TASK_RUNNING));

            cluster.stopMaster();
            assertThat(before.awaitEnd(TestFramework.WAIT)).isTrue();
            assertThatThrownBy(() -> post(cluster.masterUrl().resolve(MesosHttp.SCHEDULER_PATH),
                    subscribeCall("refused"))).isInstanceOf(ConnectException.class);
            assertThat(post(cluster.standbyMasterUrl().resolve(MesosHttp.SCHEDULER_PATH), subscribeCall("standby"))
                    .statusCode()).isEqualTo(503);
            // The task ends while the master is away; the agent stores the update and keeps retrying.
            TaskStatus finished = statusOf(TaskState.TASK_FINISHED, offer.getAgentId(), executor);
            assertThat(FakeExecutor.post(executorApi, executorUpdate(base, finished), MesosHttp.JSON).statusCode())
                    .isEqualTo(202);
            assertThat(fake.next().getAcknowledged().getUuid()).isEqualTo(finished.getUuid());
            cluster.startMaster();

            try (TestFramework after = TestFramework.subscribe(cluster.masterUrl(), false,
                    info.toBuilder().setId(before.frameworkId).build())) {
                assertThat(after.frameworkId).isEqualTo(before.frameworkId);
                assertThat(after.streamId).isNotEqualTo(before.streamId);
                TaskStatus missed = after.awaitUpdate("outlasts-task", TaskState.TASK_FINISHED);
                assertThat(missed.getUuid()).isEqualTo(finished.getUuid());
                after.reconcile("outlasts-task");
                assertThat(after.await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getReason()
                        == TaskStatus.Reason.REASON_RECONCILIATION, TestFramework.WAIT).getUpdate().getStatus()
                        .getState()).isEqualTo(TaskState.TASK_FINISHED);
                after.acknowledge(missed);
                // The old stream's id is void; heartbeats go on (protobuf, written a few bytes at a time).
                assertThat(after.send(Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(after.frameworkId)
                        .build(), before.streamId).statusCode()).isEqualTo(400);
                after.await(Event.Type.HEARTBEAT);
                after.await(Event.Type.HEARTBEAT);
                after.teardown();
            }
        } finally {
            before.close();
            cluster.startMaster(); // for the other tests, should this one fail while it is away
        }
    }

    private static TaskStatus statusOf(TaskState state, AgentID agentId, ExecutorInfo executor) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("outlasts-task")).setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(Statuses.newUuid()).setAgentId(agentId)
                .setExecutorId(executor.getExecutorId()).build();
    }

    private static org.apache.mesos.v1.executor.Protos.Call executorUpdate(
            org.apache.mesos.v1.executor.Protos.Call.Builder base, TaskStatus status) {
        return base.clone().setType(org.apache.mesos.v1.executor.Protos.Call.Type.UPDATE)
                .setUpdate(org.apache.mesos.v1.executor.Protos.Call.Update.newBuilder().setStatus(status)).build();
    }

    @Test
    void aStandbyMasterRedirectsToTheLeaderProtocolRelative() throws Exception {
        URI standby = cluster.standbyMasterUrl().resolve(MesosHttp.SCHEDULER_PATH);
        HttpResponse<String> redirect = post(standby, subscribeCall("redirected"));
        assertThat(redirect.statusCode()).isEqualTo(307);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("//127.0.0.1:" + cluster.masterUrl().getPort() + MesosHttp.SCHEDULER_PATH);
        assertThat(redirect.body()).isEmpty();
        assertThat(HTTP.send(HttpRequest.newBuilder(standby).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(405);
        // Following it as clients do (the scheme of the request) reaches the leader.
        try (TestFramework followed = TestFramework.subscribe(URI.create("http:" + location).resolve("/"), true,
                TestFramework.info("redirected").build())) {
            assertThat(followed.frameworkId).isNotNull();
            followed.await(Event.Type.HEARTBEAT);
            followed.await(Event.Type.HEARTBEAT); // a trickled JSON heartbeat parses like any other
            followed.teardown();
        }
    }
}
