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
        String reason = closeReasonAfter("5\r\nzzzz\n\r\n"); // a record length that is no number
        assertThat(reason).startsWith("RecordIoException: bad record length: byte 0x7a after 0 digit(s)"); // 'z'
    }

    @Test
    void anEndedStreamsSocketIsClosed() throws Exception {
        assertThat(closeReasonAfter("0\r\n\r\n")).isEqualTo("the master closed the event stream");
    }

    @Test
    void closeEndsASubscribeStillWaitingForItsAnswer() throws Exception {
        try (ServerSocket master = new ServerSocket(0)) {
            MasterConnection c = new MasterConnection(
                    URI.create("http://127.0.0.1:" + master.getLocalPort()), null, null, Duration.ofSeconds(60));
            CompletableFuture<String> closed = new CompletableFuture<>();
            c.open(subscribe(), listener(closed), r -> new Thread(r).start());
            try (Socket hung = master.accept()) { // a master that takes the connection and never answers
                hung.setSoTimeout(10_000);
                readRequest(hung.getInputStream()); // the SUBSCRIBE is out and waits for its answer
                assertThat(closed).isNotDone();
                c.close();
                // Within seconds, not the 60 s of the call timeout; and as closed by us, not as a failed read.
                assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo("closed");
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

    /** Reads one request, head and body, from the scheduler's side of the connection. */
    private static void readRequest(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended inside the request head: " + head);
            }
            head.append((char) b);
        }
        String h = head.toString().toLowerCase(Locale.ROOT);
        int i = h.indexOf("content-length:");
        in.readNBytes(Integer.parseInt(h.substring(i + 15, h.indexOf('\r', i)).trim()));
    }

    /** Answers the SUBSCRIBE with {@code body} as its chunked stream; the reason the connection gives for its end. */
    private static String closeReasonAfter(String body) throws Exception {
        try (ServerSocket master = new ServerSocket(0)) {
            MasterConnection c = new MasterConnection(
                    URI.create("http://127.0.0.1:" + master.getLocalPort()), null, null, Duration.ofSeconds(5));
            CompletableFuture<String> closed = new CompletableFuture<>();
            c.open(subscribe(), listener(closed), r -> new Thread(r).start());
            try (Socket s = master.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                readRequest(in);
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n"
                        + "Mesos-Stream-Id: abc\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                String reason = closed.get(10, TimeUnit.SECONDS);
                s.setSoTimeout(3000);
                int read;
                try {
                    read = in.read();
                } catch (SocketTimeoutException stillOpen) {
                    read = -2;
                }
                assertThat(read).as("the scheduler closed its end of the finished stream").isEqualTo(-1);
                return reason;
            }
        }
    }
}
