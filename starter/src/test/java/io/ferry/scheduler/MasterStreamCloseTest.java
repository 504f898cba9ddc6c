package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** However the event stream ends, the scheduler closes its end: the master sees the framework go at once. */
@Timeout(30)
class MasterStreamCloseTest {

    @Test
    void aBrokenStreamsSocketIsClosed() throws Exception {
        assertClosedAfter("5\r\nzzzz\n\r\n"); // a record that is no Event
    }

    @Test
    void anEndedStreamsSocketIsClosed() throws Exception {
        assertClosedAfter("0\r\n\r\n");
    }

    @Test
    void closeEndsASubscribeStillWaitingForItsAnswer() throws Exception {
        try (ServerSocket master = new ServerSocket(0)) {
            MasterConnection c = new MasterConnection(HttpClient.newHttpClient(),
                    URI.create("http://127.0.0.1:" + master.getLocalPort()), null, null, Duration.ofSeconds(60));
            CompletableFuture<String> closed = new CompletableFuture<>();
            c.open(subscribe(), listener(closed), r -> new Thread(r).start());
            try (Socket hung = master.accept()) { // a master that takes the connection and never answers
                Thread.sleep(200);
                c.close();
                assertThat(closed.get(5, TimeUnit.SECONDS)).isNotNull(); // not the 60 s of the call timeout
            }
        }
    }

    private static Call subscribe() {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("u").setName("n"))).build();
    }

    private static MasterConnection.Listener listener(CompletableFuture<String> closed) {
        return new MasterConnection.Listener() {
            @Override
            public void onEvent(MasterConnection connection, Event event) {
            }

            @Override
            public void onClosed(MasterConnection connection, String reason) {
                closed.complete(reason);
            }
        };
    }

    private static void assertClosedAfter(String body) throws Exception {
        try (ServerSocket master = new ServerSocket(0)) {
            MasterConnection c = new MasterConnection(HttpClient.newHttpClient(),
                    URI.create("http://127.0.0.1:" + master.getLocalPort()), null, null, Duration.ofSeconds(5));
            CompletableFuture<String> closed = new CompletableFuture<>();
            c.open(subscribe(), listener(closed), r -> new Thread(r).start());
            try (Socket s = master.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                String h = head.toString().toLowerCase(Locale.ROOT);
                int i = h.indexOf("content-length:");
                in.readNBytes(Integer.parseInt(h.substring(i + 15, h.indexOf('\r', i)).trim()));
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n"
                        + "Mesos-Stream-Id: abc\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                closed.get(10, TimeUnit.SECONDS);
                s.setSoTimeout(3000);
                int read;
                try {
                    read = in.read();
                } catch (SocketTimeoutException stillOpen) {
                    read = -2;
                }
                assertThat(read).as("the scheduler closed its end of the finished stream").isEqualTo(-1);
            }
        }
    }
}
