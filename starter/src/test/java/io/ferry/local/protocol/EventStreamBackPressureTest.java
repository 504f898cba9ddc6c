package io.ferry.local.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.local.http.HttpLimits;
import io.ferry.local.http.LoopbackServerGroup;
import io.ferry.local.http.RestartableServer;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIoReader;
import io.ferry.wire.http.StreamingPost;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An event stream is written on its connection's event loop, which must never wait: a client that reads slowly
 * gets every event in order once it reads, and one that reads nothing is cut off after the stall timeout, its
 * owner told once.
 */
@Timeout(120)
class EventStreamBackPressureTest {

    private static final Duration STALL = Duration.ofSeconds(1);
    private static final int EVENT_BYTES = 16 * 1024;

    private final LoopbackServerGroup group = new LoopbackServerGroup(HttpLimits.DEFAULTS.withStallTimeout(STALL));
    private final CompletableFuture<EventStream> opened = new CompletableFuture<>();
    private RestartableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        group.close();
    }

    private void serve() throws Exception {
        server = RestartableServer.start(group, "127.0.0.1", Map.of("/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", MesosHttp.PROTOBUF);
            opened.complete(new EventStream(exchange, Encoding.PROTOBUF));
        }));
    }

    private static Event numbered(int n) {
        byte[] data = new byte[EVENT_BYTES];
        ByteBuffer.wrap(data).putInt(n);
        return Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
                .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a"))
                .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("e"))
                .setData(ByteString.copyFrom(data))).build();
    }

    @Test
    void aClientThatReadsLateGetsEveryEventInOrder() throws Exception {
        serve();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/stream");
        // The head goes out with the first event: the POST returns once one was sent.
        CompletableFuture<StreamingPost.Response> posted = CompletableFuture.supplyAsync(() -> {
            try {
                return StreamingPost.post(uri, Map.of(), new byte[0], Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        EventStream stream = opened.get(10, TimeUnit.SECONDS);
        CountDownLatch broken = new CountDownLatch(1);
        stream.onBroken(broken::countDown);
        int events = 1024; // 16 MiB: far more than the connection and the kernel hold, so the drain must stop
        for (int i = 0; i < events; i++) {
            stream.send(numbered(i));
        }
        StreamingPost.Response response = posted.get(10, TimeUnit.SECONDS);
        Thread.sleep(STALL.toMillis() / 2); // unread for a while, not for the whole stall timeout
        try (InputStream body = response.body()) {
            RecordIoReader records = new RecordIoReader(body, 1 << 20);
            for (int i = 0; i < events; i++) {
                Event event = Event.parseFrom(records.read());
                assertThat(event.getMessage().getData().asReadOnlyByteBuffer().getInt()).isEqualTo(i);
            }
        }
        assertThat(broken.getCount()).isEqualTo(1);
    }

    @Test
    void aClientThatReadsNothingIsCutOffAfterTheStallTimeout() throws Exception {
        serve();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            EventStream stream = opened.get(10, TimeUnit.SECONDS);
            CountDownLatch broken = new CountDownLatch(1);
            stream.onBroken(broken::countDown);
            long start = System.nanoTime();
            for (int i = 0; i < 512; i++) {
                stream.send(numbered(i));
            }
            assertThat(broken.await(30, TimeUnit.SECONDS)).as("the stream is given up").isTrue();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(STALL.toNanos());
            assertThat(stream.isOpen()).isFalse();
        }
    }
}
