package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Garbage on the event stream ends the connection with a reason, never with a stuck thread, an escaped exception
 * or a huge allocation; whatever valid events came before it are delivered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MasterConnectionFuzzTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final Event SUBSCRIBED = Event.newBuilder().setType(Event.Type.SUBSCRIBED)
            .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
                    .setHeartbeatIntervalSeconds(15)).build();

    /** How a record that is no Event shows in the close reason: protobuf's exception, or its subclass for bad tags. */
    private static final String PROTOBUF_ERROR = "InvalidProtocolBufferException|InvalidWireTypeException";

    record Outcome(List<Event> events, String reason) {
    }

    private static Outcome run(ScriptedMaster.Script script) throws Exception {
        try (ScriptedMaster master = new ScriptedMaster(n -> script)) {
            MasterConnection connection = new MasterConnection(master.url(), null, null, Duration.ofSeconds(5));
            List<Event> events = new CopyOnWriteArrayList<>();
            CompletableFuture<String> closed = new CompletableFuture<>();
            List<Throwable> escaped = new CopyOnWriteArrayList<>();
            connection.open(SchedulerCalls.subscribe(FrameworkInfo.newBuilder().setUser("u").setName("n").build()),
                    new MasterConnection.Listener() {
                        @Override
                        public void onEvent(MasterConnection c, Event event) {
                            events.add(event);
                        }

                        @Override
                        public void onClosed(MasterConnection c, String reason) {
                            closed.complete(reason);
                        }
                    }, r -> {
                        Thread t = new Thread(r, "fuzz-reader");
                        t.setUncaughtExceptionHandler((th, e) -> escaped.add(e));
                        t.start();
                    });
            String reason = closed.get(20, TimeUnit.SECONDS);
            assertThat(escaped).isEmpty();
            return new Outcome(events, reason);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomBytesAfterAValidEventCloseTheStreamWithAReason(long seed) throws Exception {
        Random random = new Random(seed);
        byte[] garbage = new byte[1 + random.nextInt(4096)];
        random.nextBytes(garbage);

        Outcome outcome = run(out -> {
            ScriptedMaster.event(out, SUBSCRIBED);
            out.write(garbage);
        });

        assertThat(outcome.events()).first().isEqualTo(SUBSCRIBED);
        // Read as garbage (a bad frame or a record that is no Event), not as the stream's clean end.
        assertThat(outcome.reason()).matches("(RecordIoException|" + PROTOBUF_ERROR + "): .+");
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void wellFramedGarbageIsAProtobufErrorNotACrash(long seed) throws Exception {
        Random random = new Random(seed);
        Outcome outcome = run(out -> {
            for (int i = 0; i < 20; i++) {
                byte[] record = new byte[1 + random.nextInt(200)];
                random.nextBytes(record);
                out.write(io.ferry.wire.RecordIo.frame(record));
            }
        });
        assertThat(outcome.reason()).matches("(" + PROTOBUF_ERROR + "): .+");
    }

    @Test
    void aTruncatedRecordIsReported() throws Exception {
        byte[] framed = io.ferry.wire.RecordIo.frame(SUBSCRIBED.toByteArray());
        Outcome outcome = run(out -> out.write(framed, 0, framed.length - 3));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.reason()).contains("stream ended inside a record");
    }

    @Test
    void anAbsurdLengthIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Outcome outcome = run(out -> out.write("99999999999999\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(outcome.reason()).contains("exceeds the limit of " + MasterConnection.MAX_EVENT_BYTES);
    }

    @Test
    void aCleanEndIsReportedAsSuch() throws Exception {
        Outcome outcome = run(out -> ScriptedMaster.event(out, SUBSCRIBED));

        assertThat(outcome.events()).containsExactly(SUBSCRIBED);
        assertThat(outcome.reason()).contains("closed the event stream");
    }

    @Test
    void aNonLeaderRedirectIsFollowed() throws Exception {
        try (ScriptedMaster leader = new ScriptedMaster(n -> out -> ScriptedMaster.event(out, SUBSCRIBED))) {
            com.sun.net.httpserver.HttpServer follower = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            follower.createContext("/api/v1/scheduler", exchange -> {
                exchange.getRequestBody().readAllBytes();
                // Mesos answers with a protocol-relative Location (docs/mesos-notes.md §1.2).
                exchange.getResponseHeaders().add("Location",
                        "//127.0.0.1:" + leader.url().getPort() + "/api/v1/scheduler");
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
            });
            follower.start();
            try {
                MasterConnection connection = new MasterConnection(
                        java.net.URI.create("http://127.0.0.1:" + follower.getAddress().getPort()), null, null,
                        Duration.ofSeconds(5));
                CompletableFuture<Event> first = new CompletableFuture<>();
                connection.open(SchedulerCalls.subscribe(FrameworkInfo.newBuilder().setUser("u").setName("n").build()),
                        new MasterConnection.Listener() {
                            @Override
                            public void onEvent(MasterConnection c, Event event) {
                                first.complete(event);
                            }

                            @Override
                            public void onClosed(MasterConnection c, String reason) {
                                first.completeExceptionally(new AssertionError(reason));
                            }
                        }, r -> new Thread(r).start());
                assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo(SUBSCRIBED);
                assertThat(connection.endpoint().getPort()).isEqualTo(leader.url().getPort());
            } finally {
                follower.stop(0);
            }
        }
    }

}
