package io.ferry.local.agent;

import static io.ferry.local.TestTasks.launch;
import static io.ferry.local.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import io.ferry.local.FakeExecutor;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestFramework;
import io.ferry.local.TestTasks;
import io.ferry.local.protocol.Statuses;
import io.ferry.wire.MesosHttp;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's executor API and executor lifecycle without a JVM per executor: the agent starts a shell that
 * sleeps, and the test itself speaks the executor API for it over HTTP, or lets it time out
 * (docs/mesos-notes.md §1.4, §3, §6).
 */
class ExecutorApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path workDir;
    static LocalCluster cluster;
    static LocalCluster.Agent agent;
    static URI executorApi;
    static HttpServer notFound;
    TestFramework framework;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir)
                .withExecutorRegistrationTimeout(Duration.ofSeconds(2))
                .withExecutorShutdownGracePeriod(Duration.ofMillis(300)));
        agent = cluster.agents().get(0);
        executorApi = agent.url().resolve(MesosHttp.EXECUTOR_PATH);
        notFound = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notFound.start(); // no contexts: every path is a 404
    }

    @AfterAll
    static void stop() {
        cluster.close();
        notFound.stop(0);
    }

    @BeforeEach
    void subscribe() throws Exception {
        framework = TestFramework.subscribe(cluster.masterUrl(), false, TestFramework.info("executor-api").build());
    }

    @AfterEach
    void teardown() throws Exception {
        framework.teardown();
        framework.close();
    }

    private Offer launchOn(ExecutorInfo executor, String taskId) throws Exception {
        Offer offer = framework.awaitOffer();
        TestFramework.expect202(framework.accept(List.of(offer.getId()),
                List.of(launch(task(taskId, offer.getAgentId(), executor, "payload"))), 0));
        return offer;
    }

    @Test
    void aFakeExecutorSubscribesGetsItsTaskAndUpdatesAreValidated() throws Exception {
        ExecutorInfo executor = TestTasks.sleeper("fake").build();
        Offer offer = launchOn(executor, "fake-task");
        FrameworkID frameworkId = framework.frameworkId;
        ExecutorID executorId = executor.getExecutorId();
        Call.Builder base = Call.newBuilder().setFrameworkId(frameworkId).setExecutorId(executorId);

        // Before the agent has the executor, and for strangers: 400.
        Call heartbeat = base.clone().setType(Call.Type.HEARTBEAT).build();
        assertThat(post(heartbeat.toBuilder().setExecutorId(ExecutorID.newBuilder().setValue("other")).build(),
                MesosHttp.PROTOBUF).statusCode()).isEqualTo(400);
        long deadline = System.nanoTime() + TestFramework.WAIT.toNanos();
        while (post(heartbeat, MesosHttp.PROTOBUF).statusCode() == 400 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        // Known but not subscribed: 403. Header rules as on the master.
        assertThat(post(heartbeat, MesosHttp.PROTOBUF).statusCode()).isEqualTo(403);
        assertThat(post(heartbeat, "application/json; charset=utf-8").statusCode()).isEqualTo(415);
        assertThat(post(heartbeat, null).statusCode()).isEqualTo(400);
        assertThat(HTTP.send(HttpRequest.newBuilder(executorApi).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        Call subscribe = base.clone().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.getDefaultInstance())
                .build();
        HttpResponse<InputStream> recordio = HTTP.send(request(subscribe, MesosHttp.JSON)
                .header("Accept", "application/recordio").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(recordio.statusCode()).isEqualTo(406);

        try (FakeExecutor fake = new FakeExecutor(executorApi, subscribe)) {
            Event subscribed = fake.next();
            assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
            assertThat(subscribed.getSubscribed().getExecutorInfo().getExecutorId()).isEqualTo(executorId);
            assertThat(subscribed.getSubscribed().getExecutorInfo().getFrameworkId()).isEqualTo(frameworkId);
            assertThat(subscribed.getSubscribed().getFrameworkInfo().getId()).isEqualTo(frameworkId);
            assertThat(subscribed.getSubscribed().getAgentInfo().getId()).isEqualTo(offer.getAgentId());
            assertThat(subscribed.getSubscribed().getAgentInfo().getHostname()).isEqualTo("127.0.0.1");
            assertThat(subscribed.getSubscribed().getAgentInfo().getPort()).isEqualTo(agent.url().getPort());
            List<String> containers = JsonPath.read(get(agent.url().resolve("/state")).body(),
                    "$.frameworks[*].executors[?(@.id == 'fake')].container");
            assertThat(containers).containsExactly(subscribed.getSubscribed().getContainerId().getValue());
            Event launchEvent = fake.next();
            assertThat(launchEvent.getType()).isEqualTo(Event.Type.LAUNCH);
            assertThat(launchEvent.getLaunch().getTask().getTaskId().getValue()).isEqualTo("fake-task");
            assertThat(launchEvent.getLaunch().getTask().getData().toStringUtf8()).isEqualTo("payload");

            TaskStatus running = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("fake-task"))
                    .setState(TaskState.TASK_RUNNING).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                    .setUuid(Statuses.newUuid()).setAgentId(offer.getAgentId()).setExecutorId(executorId).build();
            Call.Builder update = base.clone().setType(Call.Type.UPDATE);
            for (TaskStatus bad : List.of(
                    running.toBuilder().setUuid(ByteString.copyFrom(new byte[15])).build(),
                    running.toBuilder().clearUuid().build(),
                    running.toBuilder().setSource(TaskStatus.Source.SOURCE_AGENT).build(),
                    running.toBuilder().clearSource().build(),
                    running.toBuilder().setState(TaskState.TASK_STAGING).build(),
                    running.toBuilder().setExecutorId(ExecutorID.newBuilder().setValue("other")).build())) {
                assertThat(post(update.clone().setUpdate(Call.Update.newBuilder().setStatus(bad)).build(),
                        MesosHttp.JSON).statusCode()).as(bad.toString()).isEqualTo(400);
            }
            assertThat(post(update.clone().setUpdate(Call.Update.newBuilder().setStatus(running)).build(),
                    MesosHttp.JSON).statusCode()).isEqualTo(202);
            Event acknowledged = fake.next();
            assertThat(acknowledged.getType()).isEqualTo(Event.Type.ACKNOWLEDGED);
            assertThat(acknowledged.getAcknowledged().getUuid()).isEqualTo(running.getUuid());
            TaskStatus forwarded = framework.awaitUpdate("fake-task", TaskState.TASK_RUNNING);
            assertThat(forwarded.getUuid()).isEqualTo(running.getUuid());
            framework.acknowledge(forwarded);
            finishWithAResubscription(fake, subscribe, base, offer, executorId);
        }
    }

    /**
     * The executor reconnects (§3.5): it lists a task the agent already delivered and an update the agent has not
     * acknowledged yet; the old subscription is closed, the task is not launched again, the update is stored.
     */
    private void finishWithAResubscription(FakeExecutor old, Call subscribe, Call.Builder base, Offer offer,
            ExecutorID executorId) throws Exception {
        TaskStatus finished = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("fake-task"))
                .setState(TaskState.TASK_FINISHED).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(Statuses.newUuid()).setAgentId(offer.getAgentId()).setExecutorId(executorId).build();
        Call resubscribe = subscribe.toBuilder().setSubscribe(Call.Subscribe.newBuilder()
                .addUnacknowledgedTasks(task("fake-task", offer.getAgentId(), TestTasks.sleeper("fake").build(), ""))
                .addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(finished))).build();
        try (FakeExecutor fake = new FakeExecutor(executorApi, resubscribe)) {
            assertThat(old.awaitEnd()).isTrue();
            assertThat(fake.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
            Event acknowledged = fake.next();
            assertThat(acknowledged.getType()).isEqualTo(Event.Type.ACKNOWLEDGED);
            assertThat(acknowledged.getAcknowledged().getUuid()).isEqualTo(finished.getUuid());
            TaskStatus forwarded = framework.awaitUpdate("fake-task", TaskState.TASK_FINISHED);
            assertThat(forwarded.getUuid()).isEqualTo(finished.getUuid());
            framework.acknowledge(forwarded);

            assertThat(post(base.clone().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                    .setData(ByteString.copyFromUtf8("hi"))).build(), MesosHttp.JSON).statusCode()).isEqualTo(202);
            assertThat(framework.await(org.apache.mesos.v1.scheduler.Protos.Event.Type.MESSAGE).getMessage()
                    .getData().toStringUtf8()).isEqualTo("hi");

            // SHUTDOWN: the event, then (the executor ignores it) the forced kill after the grace period.
            TestFramework.expect202(framework.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
                    .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.SHUTDOWN)
                    .setShutdown(org.apache.mesos.v1.scheduler.Protos.Call.Shutdown.newBuilder()
                            .setAgentId(offer.getAgentId()).setExecutorId(executorId))));
            assertThat(fake.next().getType()).isEqualTo(Event.Type.SHUTDOWN);
            assertThat(failure(executorId).getStatus()).isEqualTo(9); // SIGKILL
            assertThat(fake.awaitEnd()).isTrue();
        }
    }

    @Test
    void liveTasksFailWhenTheExecutorIsKilled() throws Exception {
        ExecutorInfo executor = TestTasks.sleeper("victim").build();
        Offer offer = launchOn(executor, "victim-task");
        Call subscribe = Call.newBuilder().setFrameworkId(framework.frameworkId)
                .setExecutorId(executor.getExecutorId()).setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.getDefaultInstance()).build();
        long deadline = System.nanoTime() + TestFramework.WAIT.toNanos();
        while (post(subscribe.toBuilder().setType(Call.Type.HEARTBEAT).clearSubscribe().build(), MesosHttp.PROTOBUF)
                .statusCode() == 400 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        try (FakeExecutor fake = new FakeExecutor(executorApi, subscribe)) {
            assertThat(fake.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
            assertThat(fake.next().getType()).isEqualTo(Event.Type.LAUNCH);
            TestFramework.expect202(framework.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
                    .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.SHUTDOWN)
                    .setShutdown(org.apache.mesos.v1.scheduler.Protos.Call.Shutdown.newBuilder()
                            .setAgentId(offer.getAgentId()).setExecutorId(executor.getExecutorId()))));
            TaskStatus failed = framework.awaitUpdate("victim-task", TaskState.TASK_FAILED);
            assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
            assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
            assertThat(failed.getUuid().size()).isEqualTo(16);
            framework.acknowledge(failed);
            assertThat(failure(executor.getExecutorId()).getStatus()).isEqualTo(9);
        }
    }

    @Test
    void anExecutorThatNeverSubscribesTimesOut() throws Exception {
        ExecutorInfo executor = TestTasks.sleeper("late").build();
        launchOn(executor, "late-task");
        TaskStatus failed = framework.awaitUpdate("late-task", TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.getUuid().size()).isEqualTo(16);
        framework.acknowledge(failed);
        assertThat(failure(executor.getExecutorId()).getStatus()).isEqualTo(9);
    }

    @Test
    void aFailedFetchFailsTheLaunch() throws Exception {
        ExecutorInfo executor = TestTasks.sleeper("unfetched").setCommand(CommandInfo.newBuilder()
                .setValue("sleep 60").addUris(CommandInfo.URI.newBuilder()
                        .setValue("http://127.0.0.1:" + notFound.getAddress().getPort() + "/missing.jar")))
                .build();
        launchOn(executor, "unfetched-task");
        TaskStatus failed = framework.awaitUpdate("unfetched-task", TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("404");
        framework.acknowledge(failed);
        // No process, so no wait status: Mesos says -1 (docs/mesos-notes.md §11).
        assertThat(failure(executor.getExecutorId()).getStatus()).isEqualTo(-1);
    }

    @Test
    void aKillBeforeDeliveryKillsTheTaskAndShutsTheIdleExecutorDown() throws Exception {
        ExecutorInfo executor = TestTasks.sleeper("never").build();
        Offer offer = launchOn(executor, "never-task");
        framework.kill("never-task", offer.getAgentId());
        TaskStatus killed = framework.awaitUpdate("never-task", TaskState.TASK_KILLED);
        assertThat(killed.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
        assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(killed.getUuid().size()).isEqualTo(16);
        framework.acknowledge(killed);
        failure(executor.getExecutorId());
        // The task is forgotten after its terminal acknowledgement: reconciliation no longer knows it.
        framework.reconcile("never-task");
        assertThat(framework.awaitUpdate("never-task", TaskState.TASK_LOST).getReason())
                .isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    }

    private org.apache.mesos.v1.scheduler.Protos.Event.Failure failure(ExecutorID executorId) throws Exception {
        return framework.await(e -> e.getType() == org.apache.mesos.v1.scheduler.Protos.Event.Type.FAILURE
                && e.getFailure().getExecutorId().equals(executorId), TestFramework.WAIT).getFailure();
    }

    private static HttpRequest.Builder request(Call call, String contentType) {
        return FakeExecutor.request(executorApi, call, contentType);
    }

    private static HttpResponse<String> post(Call call, String contentType) throws Exception {
        return FakeExecutor.post(executorApi, call, contentType);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(TestFramework.WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
