package io.ferry.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestFramework;
import io.ferry.wire.MesosHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's HTTP rules (docs/mesos-notes.md §1.2, §1.4, §2.2, §2.4) with a real HTTP client. */
class SchedulerApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path workDir;
    static LocalCluster cluster;
    static URI scheduler;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir)
                .withHeartbeatInterval(Duration.ofMillis(200)));
        scheduler = cluster.masterUrl().resolve(MesosHttp.SCHEDULER_PATH);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Call subscribeCall() {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(TestFramework.info("probe"))).build();
    }

    private static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(scheduler).timeout(TestFramework.WAIT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void contentTypeIsComparedAsAPlainString() throws Exception {
        byte[] json = TestFramework.encode(true, subscribeCall());
        assertThat(post("application/json; charset=utf-8", json).statusCode()).isEqualTo(415);
        assertThat(post("text/plain", json).statusCode()).isEqualTo(415);
        assertThat(post(null, json).statusCode()).isEqualTo(400);
        assertThat(post(MesosHttp.JSON, "{not json".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post(MesosHttp.JSON, "{}".getBytes()).statusCode()).isEqualTo(400); // no type
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(scheduler).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void subscribeNegotiatesTheAcceptHeader() throws Exception {
        HttpResponse<String> recordio = HTTP.send(TestFramework.request(scheduler, true, subscribeCall())
                .header("Accept", "application/recordio").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(recordio.statusCode()).isEqualTo(406);

        HttpResponse<String> withStreamId = HTTP.send(TestFramework.request(scheduler, true, subscribeCall())
                .header(MesosHttp.STREAM_ID, "x").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withStreamId.statusCode()).isEqualTo(400);

        try (TestFramework protobuf = TestFramework.subscribe(cluster.masterUrl(), false,
                TestFramework.info("protobuf").build())) {
            assertThat(protobuf.response.headers().firstValue("Content-Type")).hasValue(MesosHttp.PROTOBUF);
            assertThat(protobuf.frameworkId).isNotNull();
            protobuf.teardown();
        }
    }

    @Test
    void subscribedThenHeartbeatsOnAChunkedStream() throws Exception {
        try (TestFramework framework = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("json").build())) {
            assertThat(framework.response.headers().firstValue("Content-Type")).hasValue(MesosHttp.JSON);
            assertThat(framework.response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            assertThat(UUID.fromString(framework.streamId)).isNotNull();
            Event subscribed = framework.events().get(0);
            assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
            assertThat(subscribed.getSubscribed().getFrameworkId().getValue())
                    .matches(cluster.masterId() + "-\\d{4}");
            assertThat(subscribed.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(0.2);
            assertThat(subscribed.getSubscribed().getMasterInfo().getId()).isEqualTo(cluster.masterId());
            assertThat(subscribed.getSubscribed().getMasterInfo().getPort())
                    .isEqualTo(cluster.masterUrl().getPort());
            // One HEARTBEAT right away, then one per interval.
            assertThat(framework.await(e -> true, TestFramework.WAIT).getType()).isEqualTo(Event.Type.HEARTBEAT);
            for (int i = 0; i < 4; i++) {
                framework.await(Event.Type.HEARTBEAT);
            }
            framework.teardown();
            assertThat(framework.awaitEnd(TestFramework.WAIT)).isTrue();
        }
    }

    @Test
    void callsNeedAKnownSubscribedFrameworkAndItsStreamId() throws Exception {
        try (TestFramework framework = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("calls").setFailoverTimeout(60).build())) {
            Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(framework.frameworkId).build();
            assertThat(framework.send(revive, framework.streamId).statusCode()).isEqualTo(202);
            assertThat(framework.send(revive, null).statusCode()).isEqualTo(400);
            assertThat(framework.send(revive, UUID.randomUUID().toString()).statusCode()).isEqualTo(400);
            Call unknown = revive.toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("nope")).build();
            assertThat(framework.send(unknown, framework.streamId).statusCode()).isEqualTo(400);
            Call noFramework = revive.toBuilder().clearFrameworkId().build();
            assertThat(framework.send(noFramework, framework.streamId).statusCode()).isEqualTo(400);
            Call shortUuid = Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(framework.frameworkId)
                    .setAcknowledge(Call.Acknowledge.newBuilder()
                            .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a"))
                            .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("t"))
                            .setUuid(com.google.protobuf.ByteString.copyFrom(new byte[15])))
                    .build();
            assertThat(framework.send(shortUuid, framework.streamId).statusCode()).isEqualTo(400);

            // The client goes away; the master notices on its next write (a heartbeat) and responds 403 after.
            framework.close();
            int status = 0;
            long deadline = System.nanoTime() + TestFramework.WAIT.toNanos();
            while (status != 403 && System.nanoTime() < deadline) {
                status = framework.send(revive, framework.streamId).statusCode();
            }
            assertThat(status).isEqualTo(403);

            // Resubscribing within the failover timeout gets the same framework back.
            try (TestFramework again = TestFramework.subscribe(cluster.masterUrl(), false,
                    TestFramework.info("calls")
                            .setFailoverTimeout(60).setId(framework.frameworkId).build())) {
                assertThat(again.frameworkId).isEqualTo(framework.frameworkId);
                again.teardown();
            }
        }
    }

    @Test
    void updateFrameworkAnswersFromTheMastersLoop() throws Exception {
        // The answer is given after the endpoint returned, once the master's loop has decided; the connection then
        // serves the next call.
        try (TestFramework framework = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("update").setFailoverTimeout(60).build())) {
            FrameworkInfo info = TestFramework.info("update").setFailoverTimeout(60).setId(framework.frameworkId)
                    .build();
            Call.Builder update = Call.newBuilder().setType(Call.Type.UPDATE_FRAMEWORK)
                    .setFrameworkId(framework.frameworkId);
            Call renamed = update.setUpdateFramework(Call.UpdateFramework.newBuilder()
                    .setFrameworkInfo(info.toBuilder().setName("update-renamed"))).build();
            assertThat(framework.send(renamed, framework.streamId).statusCode()).isEqualTo(200);
            Call checkpointChanged = update.setUpdateFramework(Call.UpdateFramework.newBuilder()
                    .setFrameworkInfo(info.toBuilder().setCheckpoint(!info.getCheckpoint()))).build();
            HttpResponse<String> refused = framework.send(checkpointChanged, framework.streamId);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("cannot be changed");
            Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(framework.frameworkId).build();
            assertThat(framework.send(revive, framework.streamId).statusCode()).isEqualTo(202);
            framework.teardown();
        }
    }

    @Test
    void aSecondSubscribeFailsTheFirstStreamOver() throws Exception {
        try (TestFramework first = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("failover").setFailoverTimeout(60).build())) {
            FrameworkInfo again = TestFramework.info("failover").setFailoverTimeout(60)
                    .setId(first.frameworkId).build();
            try (TestFramework second = TestFramework.subscribe(cluster.masterUrl(), true, again)) {
                assertThat(second.frameworkId).isEqualTo(first.frameworkId);
                Event error = first.await(Event.Type.ERROR);
                assertThat(error.getError().getMessage()).isEqualTo("Framework failed over");
                assertThat(first.awaitEnd(TestFramework.WAIT)).isTrue();
                // The old stream id is no longer valid.
                Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(first.frameworkId).build();
                assertThat(second.send(revive, first.streamId).statusCode()).isEqualTo(400);
                assertThat(second.send(revive, second.streamId).statusCode()).isEqualTo(202);
                second.teardown();
            }
            // After TEARDOWN the id is gone for good.
            try (TestFramework removed = TestFramework.subscribe(cluster.masterUrl(), true, again)) {
                assertThat(removed.frameworkId).isNull();
                assertThat(removed.events().get(0).getError().getMessage()).isEqualTo("Framework has been removed");
                assertThat(removed.awaitEnd(TestFramework.WAIT)).isTrue();
            }
        }
        FrameworkInfo unknown = TestFramework.info("unknown")
                .setId(FrameworkID.newBuilder().setValue("not-from-this-master")).build();
        try (TestFramework stranger = TestFramework.subscribe(cluster.masterUrl(), false, unknown)) {
            assertThat(stranger.events().get(0).getType()).isEqualTo(Event.Type.ERROR);
            assertThat(stranger.awaitEnd(TestFramework.WAIT)).isTrue();
        }
    }
}
