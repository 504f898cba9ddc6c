package io.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.jayway.jsonpath.JsonPath;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.wire.MesosFixtures;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIoReader;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster answers the Mesos message fixtures ({@link MesosFixtures}, written from the Mesos documentation)
 * as Mesos does: the same calls are accepted, and the events and {@code /files} answers have the shape of the
 * fixtures (key sets, not values; {@code /files/read} byte for byte). Only public API and plain HTTP: this is what
 * any v1 client sees.
 */
class LocalClusterContractTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The executor the ACCEPT example launches; its process ({@code sleep 1000}) never subscribes: the test does. */
    private static final String EXECUTOR_ID = "12214-23523-my-executor";

    @TempDir
    static Path workDir;
    static LocalCluster cluster;
    static URI scheduler;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir).withExecutorShutdownGracePeriod(
                Duration.ofMillis(200)));
        scheduler = cluster.masterUrl().resolve(MesosHttp.SCHEDULER_PATH);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theLocalClusterAnswersTheDocExamplesAsMesosDoes() throws Exception {
        HttpResponse<InputStream> subscribed = HTTP.send(HttpRequest.newBuilder(scheduler)
                .header("Content-Type", MesosHttp.JSON).header("Accept", MesosHttp.JSON)
                .POST(HttpRequest.BodyPublishers.ofString(fixture("scheduler-call-subscribe.json").toString()))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(subscribed.statusCode()).isEqualTo(200);
        assertThat(subscribed.headers().firstValue("Content-Type")).hasValue(MesosHttp.JSON);
        String streamId = subscribed.headers().firstValue(MesosHttp.STREAM_ID).orElseThrow();
        try (EventReader events = new EventReader(subscribed.body())) {
            JsonObject first = events.next();
            assertShape(fixture("scheduler-event-subscribed.json"), first, Set.of());
            String frameworkId = first.getAsJsonObject("subscribed").getAsJsonObject("framework_id")
                    .get("value").getAsString();
            assertShape(fixture("scheduler-event-heartbeat.json"), events.next(), Set.of());
            JsonObject offers = events.nextOf("OFFERS");
            // Repeated fields print only when not empty (docs/mesos-notes.md §9): local agents have no attributes,
            // and this framework runs no executor yet.
            assertShape(fixture("scheduler-event-offers.json"), offers, Set.of("attributes", "executor_ids"));
            JsonObject offer = offers.getAsJsonObject("offers").getAsJsonArray("offers").get(0).getAsJsonObject();

            schedulerCallsAreAccepted(frameworkId, streamId, offer, () -> {
                // While the ACCEPT's executor runs, before the KILL example kills its task.
                theExecutorApiAcceptsTheExamples(frameworkId);
                filesAnswersMatch(frameworkId);
            });

            // TEARDOWN last.
            assertThat(post(scheduler, withFramework(fixture("scheduler-call-teardown.json"), frameworkId),
                    streamId).statusCode()).isEqualTo(202);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /**
     * Every {@code scheduler-call-*} fixture, with the live ids, gets the answer Mesos gives
     * (docs/mesos-notes.md §1.4); ACCEPT goes first, and {@code afterAccept} runs right after it.
     */
    private static void schedulerCallsAreAccepted(String frameworkId, String streamId, JsonObject offer,
            Step afterAccept) throws Exception {
        String agentId = offer.getAsJsonObject("agent_id").get("value").getAsString();
        List<String> calls = new ArrayList<>(MesosFixtures.json("scheduler-call-"));
        // ACCEPT first (it launches the executor the executor API part needs), TEARDOWN at the very end.
        calls.sort((a, b) -> Boolean.compare(!a.contains("-accept."), !b.contains("-accept.")));
        for (String name : calls) {
            if (name.equals("scheduler-call-subscribe.json") || name.equals("scheduler-call-teardown.json")) {
                continue;
            }
            JsonObject call = withFramework(fixture(name), frameworkId);
            if (name.equals("scheduler-call-accept.json")) {
                JsonObject accept = call.getAsJsonObject("accept");
                accept.getAsJsonArray("offer_ids").get(0).getAsJsonObject()
                        .addProperty("value", offer.getAsJsonObject("id").get("value").getAsString());
                accept.getAsJsonArray("operations").get(0).getAsJsonObject().getAsJsonObject("launch")
                        .getAsJsonArray("task_infos").get(0).getAsJsonObject().getAsJsonObject("agent_id")
                        .addProperty("value", agentId);
            }
            if (name.equals("scheduler-call-update-framework.json")) {
                call.getAsJsonObject("update_framework").getAsJsonObject("framework_info")
                        .getAsJsonObject("id").addProperty("value", frameworkId);
            }
            int expected = name.equals("scheduler-call-update-framework.json") ? 200 : 202;
            HttpResponse<String> answer = post(scheduler, call, streamId);
            assertThat(answer.statusCode()).as(name + ": " + answer.body()).isEqualTo(expected);
            if (name.equals("scheduler-call-accept.json")) {
                afterAccept.run();
            }
        }
    }

    /** SUBSCRIBE, UPDATE and MESSAGE of the executor API, with the live ids (docs/mesos-notes.md §3). */
    private static void theExecutorApiAcceptsTheExamples(String frameworkId) throws Exception {
        URI executorApi = cluster.agents().get(0).url().resolve(MesosHttp.EXECUTOR_PATH);
        JsonObject update = withExecutor(fixture("executor-call-update.json"), frameworkId);
        update.getAsJsonObject("update").getAsJsonObject("status").getAsJsonObject("executor_id")
                .addProperty("value", EXECUTOR_ID);
        // The agent knows the executor once its launch began (until then: 400); not subscribed yet: 403.
        long deadline = System.nanoTime() + WAIT.toNanos();
        int status;
        while ((status = post(executorApi, update, null).statusCode()) == 400 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(status).isEqualTo(403);

        HttpResponse<InputStream> subscribed = HTTP.send(HttpRequest.newBuilder(executorApi)
                .header("Content-Type", MesosHttp.JSON).header("Accept", MesosHttp.JSON)
                .POST(HttpRequest.BodyPublishers.ofString(
                        withExecutor(fixture("executor-call-subscribe.json"), frameworkId).toString()))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(subscribed.statusCode()).isEqualTo(200);
        assertThat(subscribed.headers().firstValue("Content-Type")).hasValue(MesosHttp.JSON);
        try (EventReader events = new EventReader(subscribed.body())) {
            assertShape(fixture("executor-event-subscribed.json"), events.next(), Set.of());
            assertThat(post(executorApi, update, null).statusCode()).isEqualTo(202);
            assertThat(post(executorApi, withExecutor(fixture("executor-call-message.json"), frameworkId), null)
                    .statusCode()).isEqualTo(202);
        }
    }

    /**
     * {@code /files/read} of a 4-byte file is the fixture byte for byte; {@code /files/browse} has its keys
     * (docs/mesos-notes.md §7).
     */
    private static void filesAnswersMatch(String frameworkId) throws Exception {
        URI agent = cluster.agents().get(0).url();
        List<String> directories = JsonPath.read(get(agent.resolve("/state")).body(),
                "$.frameworks[?(@.id == '" + frameworkId + "')].executors[?(@.id == '" + EXECUTOR_ID
                        + "')].directory");
        Path sandbox = Path.of(directories.get(0));
        Files.writeString(sandbox.resolve("four"), "body");
        String file = URLEncoder.encode(sandbox.resolve("four").toString(), StandardCharsets.UTF_8);
        assertThat(get(agent.resolve("/files/read?path=" + file + "&offset=0")).body())
                .isEqualTo(MesosFixtures.read("files-read-response.json").strip());
        assertThat(get(agent.resolve("/files/read?path=" + file + "&offset=-1")).body())
                .isEqualTo(MesosFixtures.read("files-read-size-response.json").strip());
        HttpResponse<String> browse = get(agent.resolve("/files/browse?path="
                + URLEncoder.encode(sandbox.toString(), StandardCharsets.UTF_8)));
        assertThat(browse.headers().firstValue("Content-Type")).hasValue(MesosHttp.JSON);
        JsonArray entries = JsonParser.parseString(browse.body()).getAsJsonArray();
        JsonObject example = JsonParser.parseString(MesosFixtures.read("files-browse-response.json"))
                .getAsJsonArray().get(0).getAsJsonObject();
        assertThat(entries).isNotEmpty();
        for (JsonElement entry : entries) {
            assertThat(entry.getAsJsonObject().keySet()).isEqualTo(example.keySet());
            for (Map.Entry<String, JsonElement> field : example.entrySet()) {
                JsonElement live = entry.getAsJsonObject().get(field.getKey());
                assertThat(live.getAsJsonPrimitive().isNumber()).as(field.getKey())
                        .isEqualTo(field.getValue().getAsJsonPrimitive().isNumber());
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static JsonObject fixture(String name) {
        return JsonParser.parseString(MesosFixtures.read(name)).getAsJsonObject();
    }

    private static JsonObject withFramework(JsonObject call, String frameworkId) {
        call.getAsJsonObject("framework_id").addProperty("value", frameworkId);
        return call;
    }

    private static JsonObject withExecutor(JsonObject call, String frameworkId) {
        call.getAsJsonObject("framework_id").addProperty("value", frameworkId);
        call.getAsJsonObject("executor_id").addProperty("value", EXECUTOR_ID);
        return call;
    }

    /**
     * Every key of {@code example} is in {@code live}, recursively (objects key by key, arrays by their first
     * element), with the same kind of value (object, array or plain value). Keys in {@code absentAllowed} may be
     * missing.
     */
    private static void assertShape(JsonElement example, JsonElement live, Set<String> absentAllowed) {
        assertShape(example, live, absentAllowed, "$");
    }

    private static void assertShape(JsonElement example, JsonElement live, Set<String> absentAllowed, String path) {
        if (example.isJsonObject()) {
            assertThat(live.isJsonObject()).as(path + " is an object in " + live).isTrue();
            for (Map.Entry<String, JsonElement> field : example.getAsJsonObject().entrySet()) {
                JsonElement value = live.getAsJsonObject().get(field.getKey());
                if (value == null && absentAllowed.contains(field.getKey())) {
                    continue;
                }
                assertThat(value).as(path + "." + field.getKey() + " in " + live).isNotNull();
                assertShape(field.getValue(), value, absentAllowed, path + "." + field.getKey());
            }
        } else if (example.isJsonArray()) {
            assertThat(live.isJsonArray()).as(path + " is an array in " + live).isTrue();
            if (!example.getAsJsonArray().isEmpty()) {
                assertThat(live.getAsJsonArray()).as(path).isNotEmpty();
                assertShape(example.getAsJsonArray().get(0), live.getAsJsonArray().get(0), absentAllowed,
                        path + "[0]");
            }
        } else {
            assertThat(live.isJsonPrimitive()).as(path + " is a plain value in " + live).isTrue();
        }
    }

    private static HttpResponse<String> post(URI uri, JsonObject call, String streamId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(WAIT)
                .header("Content-Type", MesosHttp.JSON)
                .POST(HttpRequest.BodyPublishers.ofString(call.toString()));
        if (streamId != null) {
            request.header(MesosHttp.STREAM_ID, streamId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads a RecordIO stream of JSON events on a thread of its own; every wait is bounded. */
    private static final class EventReader implements AutoCloseable {
        private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        private final InputStream body;

        EventReader(InputStream body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try {
                    RecordIoReader records = new RecordIoReader(body, 1 << 20);
                    byte[] record;
                    while ((record = records.read()) != null) {
                        events.add(JsonParser.parseString(new String(record, StandardCharsets.UTF_8))
                                .getAsJsonObject());
                    }
                } catch (Exception e) {
                    // stream closed
                }
            }, "contract-event-reader");
            reader.setDaemon(true);
            reader.start();
        }

        JsonObject next() throws InterruptedException {
            JsonObject event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within " + WAIT).isNotNull();
            return event;
        }

        /** The next event of {@code type}, skipping others (heartbeats). */
        JsonObject nextOf(String type) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject event = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                        TimeUnit.MILLISECONDS);
                if (event != null && event.get("type").getAsString().equals(type)) {
                    return event;
                }
            }
            throw new AssertionError("no " + type + " event within " + WAIT);
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
