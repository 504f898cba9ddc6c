package io.ferry.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/events} over real HTTP through the local cluster. The properties are exactly ApiTest's, so that
 * both share one Spring context (and one local cluster).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + LiveEventsTest.PASSWORD,
        // The same properties as ApiTest's, so that these tests share its context and its local cluster.
        "ferry.security.api-token=test-api-token-0123456789"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LiveEventsTest {

    /** ApiTest's password: the same value keeps the context shared. */
    static final String PASSWORD = "test-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private HttpClient http;
    private CookieManager cookies;

    @BeforeEach
    void client() {
        cookies = new CookieManager();
        http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aClientGetsTheCurrentStateAtOnce() throws Exception {
        try (EventStreamClient stream = EventStreamClient.connect(url("/api/events"))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));

            // The newest event of each type is sent on connecting, whether anything changes or not.
            JsonNode overview = json(stream.await(0, e -> e.type().equals("overview"), Duration.ofSeconds(5),
                    "overview event"));
            stream.await(0, e -> e.type().equals("offers"), Duration.ofSeconds(5), "offers event");
            stream.await(0, e -> e.type().equals("tasks"), Duration.ofSeconds(5), "tasks event");

            assertThat(overview.get("connection").asString()).isNotEmpty();
            assertThat(overview.get("phases").has("SUCCEEDED")).isTrue();
            assertThat(overview.get("throughput").get("perSecond").size()).isEqualTo(LiveFeed.THROUGHPUT_SECONDS);
            assertThat(stream.retry()).isEqualTo(String.valueOf(LiveFeed.RECONNECT.toMillis()));
        }
    }

    @Test
    void theAgentsStayListedWhetherOrNotFerryHoldsTheirOffers() throws Exception {
        try (EventStreamClient stream = EventStreamClient.connect(url("/api/events"))) {
            JsonNode overview = json(stream.await(0, e -> e.type().equals("overview")
                    && json(e).get("agents").size() == 2, Duration.ofSeconds(60), "overview with both agents"));
            for (JsonNode agent : overview.get("agents")) {
                assertThat(agent.get("hostname").asString()).isEqualTo("127.0.0.1");
            }
            // Offers come and go (declined, used, suppressed); the agents seen stay.
            int from = stream.size();
            launchHello(20);
            stream.await(from, e -> e.type().equals("offers") && json(e).get("offers").isEmpty(),
                    Duration.ofSeconds(60), "offers event with no offer held");
            assertThat(stream.events().subList(from, stream.size()).stream()
                    .filter(e -> e.type().equals("overview")).map(e -> json(e).get("agents").size()))
                    .allMatch(n -> n == 2);
        }
    }

    /**
     * 500 tasks change state some 1,500 times; a client still gets at most one event of each type per tick. Two
     * clients that never read stay connected all along, and slow nothing down.
     */
    @Test
    void eventsStayCoalescedWhileManyTasksFinishAndClientsThatDoNotReadSlowNothing() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (EventStreamClient stream = EventStreamClient.connect(url("/api/events"))) {
            for (int i = 0; i < 2; i++) {
                silent.add(silentClient());
            }
            stream.await(0, e -> e.type().equals("overview"), Duration.ofSeconds(5), "first overview");
            int from = stream.size();
            long start = System.nanoTime();
            // Counted by the chart from the second before the launch on: the phases count what the history holds,
            // which other tests of this shared context may have filled (then a finished task pushes one out).
            long startSecond = java.time.Instant.now().getEpochSecond() - 1;

            assertThat(launchHello(500).statusCode()).isEqualTo(202);
            EventStreamClient.Event done = stream.await(from, e -> e.type().equals("overview")
                    && finishedSince(json(e).get("throughput"), startSecond) >= 500,
                    Duration.ofSeconds(120), "overview with the 500 tasks finished and counted in the chart");

            List<EventStreamClient.Event> during = stream.events().subList(from, stream.events().indexOf(done) + 1);
            double seconds = (done.nanos() - start) / 1e9;
            Map<String, Long> byType = during.stream()
                    .collect(Collectors.groupingBy(EventStreamClient.Event::type, Collectors.counting()));
            // At most 2 ticks start in any second (a fixed delay of 500 ms); 3 allows for one late delivery.
            for (Map.Entry<Long, Map<String, Long>> second : perSecond(during, start).entrySet()) {
                assertThat(second.getValue().values()).as("events of each type in second %d: %s",
                        second.getKey(), second.getValue()).allMatch(n -> n <= 3);
            }
            for (Map.Entry<String, Long> type : byType.entrySet()) {
                assertThat(type.getValue()).as("%s events in %.1f s", type.getKey(), seconds)
                        .isLessThanOrEqualTo((long) Math.ceil(seconds / 0.5) + 2);
            }
            assertThat(during.size()).as("events for 500 tasks").isLessThan(500);
            for (Socket client : silent) {
                assertThat(client.isClosed()).isFalse();
            }
        } finally {
            for (Socket client : silent) {
                client.close();
            }
        }
    }

    /**
     * Tasks that ran before a client connected: their bars are in the window it gets first, and in
     * {@code GET /api/stream}; the diffs after the window are numbered on from it, none skipped.
     */
    @Test
    void aClientThatConnectsLaterGetsTheWindowWithTasksThatRanBeforeThenEveryDiff() throws Exception {
        HttpResponse<String> launched = launchHello(5);
        assertThat(launched.statusCode()).isEqualTo(202);
        List<String> ids = StreamSupport.stream(JSON.readTree(launched.body()).get("ids").spliterator(), false)
                .map(JsonNode::asString).toList();
        awaitFinished(JSON.readTree(launched.body()).get("batch").asString());

        try (EventStreamClient stream = EventStreamClient.connect(url("/api/events"))) {
            JsonNode window = json(stream.await(0, e -> e.type().equals("stream"), Duration.ofSeconds(10),
                    "the stream's first event"));
            assertThat(window.get("window").asBoolean()).as("the first stream event is the window").isTrue();
            Map<String, JsonNode> bars = new TreeMap<>();
            window.get("bars").forEach(bar -> bars.put(bar.get("id").asString(), bar));
            assertThat(bars).containsKeys(ids.toArray(String[]::new));
            for (String id : ids) {
                assertThat(bars.get(id).get("outcome").asString()).isEqualTo("succeeded");
            }

            // Later tasks come as diffs, numbered on from the window's.
            HttpResponse<String> later = launchHello(3);
            List<String> laterIds = StreamSupport.stream(JSON.readTree(later.body()).get("ids").spliterator(),
                    false).map(JsonNode::asString).toList();
            Set<String> ended = new HashSet<>();
            stream.await(0, e -> {
                if (e.type().equals("stream")) {
                    json(e).get("bars").forEach(bar -> {
                        if (laterIds.contains(bar.get("id").asString()) && !bar.get("end").isNull()) {
                            ended.add(bar.get("id").asString());
                        }
                    });
                }
                return ended.size() == laterIds.size();
            }, Duration.ofSeconds(60), "diffs ending the 3 later tasks");
            List<Long> seqs = stream.events().stream().filter(e -> e.type().equals("stream"))
                    .map(e -> json(e).get("seq").asLong()).toList();
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("diff numbers %s", seqs).isEqualTo(seqs.get(i - 1) + 1);
            }
        }

        JsonNode api = JSON.readTree(get("/api/stream").body());
        assertThat(api.get("window").asBoolean()).isTrue();
        List<String> apiIds = new ArrayList<>();
        api.get("bars").forEach(bar -> apiIds.add(bar.get("id").asString()));
        assertThat(apiIds).containsAll(ids);
    }

    /** Each task's bar arrives in {@code stream} events: once it started (running or already done), then ended. */
    @Test
    void theStreamCarriesTasksThatStartedAndFinished() throws Exception {
        try (EventStreamClient stream = EventStreamClient.connect(url("/api/events"))) {
            int from = stream.size();
            HttpResponse<String> launched = launchHello(5);
            assertThat(launched.statusCode()).isEqualTo(202);
            List<String> ids = StreamSupport.stream(JSON.readTree(launched.body()).get("ids").spliterator(), false)
                    .map(JsonNode::asString).toList();
            assertThat(ids).hasSize(5);

            Map<String, JsonNode> ended = new TreeMap<>();
            stream.await(from, e -> {
                if (e.type().equals("stream")) {
                    for (JsonNode bar : json(e).get("bars")) {
                        if (ids.contains(bar.get("id").asString()) && !bar.get("end").isNull()) {
                            ended.put(bar.get("id").asString(), bar);
                        }
                    }
                }
                return ended.size() == ids.size();
            }, Duration.ofSeconds(60), "stream events ending the 5 tasks");

            for (JsonNode bar : ended.values()) {
                assertThat(bar.get("outcome").asString()).isEqualTo("succeeded");
                assertThat(bar.get("executorId").asString()).isNotEmpty();
                assertThat(bar.get("agentId").asString()).isNotEmpty();
                assertThat(bar.get("name").asString()).isNotEmpty();
                assertThat(java.time.Instant.parse(bar.get("start").asString()))
                        .isBeforeOrEqualTo(java.time.Instant.parse(bar.get("end").asString()));
            }
            assertThat(stream.events().subList(from, stream.size()).stream()
                    .filter(e -> e.type().equals("stream")).map(e -> json(e).get("omitted").asInt()))
                    .allMatch(n -> n == 0);
        }
    }

    /**
     * The overview renders the recent tasks the last {@code tasks} event carried, and its script redraws them from
     * the next ones: a task run now is among the rows of both, the page's rows are the event's, in its order.
     */
    @Test
    void theOverviewsRecentTasksAreTheTasksEventsRows() throws Exception {
        try (EventStreamClient stream = EventStreamClient.connect(url("/api/events"))) {
            int from = stream.size();
            HttpResponse<String> launched = launchHello(3);
            String batch = JSON.readTree(launched.body()).get("batch").asString();
            List<String> ids = StreamSupport.stream(JSON.readTree(launched.body()).get("ids").spliterator(), false)
                    .map(JsonNode::asString).toList();
            awaitFinished(batch);
            JsonNode tasks = json(stream.await(from, e -> e.type().equals("tasks") && ids.stream().allMatch(id ->
                    json(e).get("recent").toString().contains("\"id\":\"" + id + "\",")
                            && json(e).get("recent").toString().contains("SUCCEEDED")),
                    Duration.ofSeconds(30), "tasks event with the 3 tasks"));
            // Once the publisher's next tick has passed, the page shows what the last event had.
            Thread.sleep(2 * LiveFeed.TICK.toMillis());
            JsonNode last = json(stream.events().stream().filter(e -> e.type().equals("tasks"))
                    .reduce((a, b) -> b).orElseThrow());
            String page = get("/").body();
            Matcher rows = Pattern.compile("<tr><td>([^<]+)</td><td>[^<]*</td>\\s*<td>([A-Z]+)</td>")
                    .matcher(page.substring(page.indexOf("<table id=\"tasks\">")));
            List<String> shown = new ArrayList<>();
            while (rows.find()) {
                shown.add(rows.group(1) + " " + rows.group(2));
            }
            List<String> sent = StreamSupport.stream(last.get("recent").spliterator(), false)
                    .map(t -> t.get("id").asString() + " " + t.get("phase").asString()).toList();
            assertThat(shown).as("the page's recent tasks").isEqualTo(sent);
            assertThat(shown).as("the tasks run now").containsAll(ids.stream().map(id -> id + " SUCCEEDED").toList());
            assertThat(tasks.get("recent").size()).isLessThanOrEqualTo(LiveSnapshots.RECENT_TASKS);
        }
    }

    @Test
    void thePageBindsItsFiguresAndLoadsTheBuiltScript() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.body()).contains("data-events=\"/api/events\"")
                .contains("data-live=\"overview.queued\"").contains("data-chart=\"throughput\"")
                .contains("data-chart=\"stream\"").contains("The task stream needs JavaScript")
                .contains("src=\"/assets/dashboard.js\"").contains("href=\"/assets/dashboard.css\"");

        HttpResponse<String> script = get("/assets/dashboard.js");
        assertThat(script.statusCode()).as("the Maven build ran the frontend build").isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
        // The stream's client may sit in a chunk that the page scripts share: the script and what it imports.
        StringBuilder code = new StringBuilder(script.body());
        Matcher imports = Pattern.compile("from\\s*\"\\./([\\w.-]+\\.js)\"")
                .matcher(script.body());
        while (imports.find()) {
            HttpResponse<String> chunk = get("/assets/" + imports.group(1));
            assertThat(chunk.statusCode()).as("chunk %s", imports.group(1)).isEqualTo(200);
            code.append(chunk.body());
        }
        assertThat(code.toString()).contains("EventSource");
        assertThat(get("/assets/dashboard.css").statusCode()).isEqualTo(200);
    }

    /** Waits (60 s at most) until every task of the batch has finished. */
    private void awaitFinished(String batch) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode progress = JSON.readTree(get("/api/batches/" + batch).body());
        while (progress.get("finished").asInt() < progress.get("total").asInt()) {
            assertThat(System.nanoTime()).as("batch %s finished within 60 s: %s", batch, progress)
                    .isLessThan(deadline);
            Thread.sleep(100);
            progress = JSON.readTree(get("/api/batches/" + batch).body());
        }
    }

    /** Connects and asks for the stream, then never reads: its socket buffers fill up. */
    private Socket silentClient() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private HttpResponse<String> launchHello(int count) throws Exception {
        http.send(HttpRequest.newBuilder(url("/api/tasks?limit=1")).build(), HttpResponse.BodyHandlers.discarding());
        String csrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
        return http.send(HttpRequest.newBuilder(url("/api/samples"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", csrf)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"hello\",\"count\":" + count + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Events by the second they arrived in (counted from {@code start}), then by type. */
    private static Map<Long, Map<String, Long>> perSecond(List<EventStreamClient.Event> events, long start) {
        return events.stream().collect(Collectors.groupingBy(e -> (e.nanos() - start) / 1_000_000_000L, TreeMap::new,
                Collectors.groupingBy(EventStreamClient.Event::type, Collectors.counting())));
    }

    private static JsonNode json(EventStreamClient.Event event) {
        return JSON.readTree(event.data());
    }

    /** Tasks the chart counts as finished in the seconds from {@code second} on. */
    private static int finishedSince(JsonNode throughput, long second) {
        long last = throughput.get("last").asLong();
        JsonNode perSecond = throughput.get("perSecond");
        int sum = 0;
        for (int i = 0; i < perSecond.size(); i++) {
            if (last - perSecond.size() + 1 + i >= second) {
                sum += perSecond.get(i).asInt();
            }
        }
        return sum;
    }

}
