package io.ferry.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The local cluster's HTTP server, spoken to over raw sockets: what goes on the wire is what is asserted. */
@Timeout(30)
class LoopbackHttpServerTest {

    private final List<Socket> sockets = new ArrayList<>();
    private final LoopbackServerGroup group = new LoopbackServerGroup(HttpLimits.DEFAULTS);
    private LoopbackHttpServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.stop();
        }
        group.close();
    }

    /** Echoes the method, path and body: "POST /echo 5 hello". */
    private static final LoopbackHandler ECHO = exchange -> {
        byte[] body = Responses.body(exchange);
        Responses.text(exchange, 200, exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                + body.length + " " + new String(body, StandardCharsets.UTF_8));
    };

    @Test
    void respondsToPipelinedRequestsInOrder() throws IOException {
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/echo", ECHO));
        Socket socket = connect();
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String body = "call-" + i;
            requests.append("POST /echo/").append(i).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: ")
                    .append(body.length()).append("\r\n\r\n").append(body);
        }
        write(socket, requests.toString()); // one write: 50 requests back to back
        InputStream in = socket.getInputStream();
        for (int i = 0; i < 50; i++) {
            Response response = Response.read(in);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("POST /echo/" + i + " " + ("call-" + i).length() + " call-" + i);
        }
    }

    @Test
    void readsChunkedBodiesAndRespondsToExpectContinue() throws IOException {
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/echo", ECHO));
        Socket socket = connect();
        write(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
        assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("POST /echo 11 hello world");

        write(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        Response interim = Response.read(socket.getInputStream());
        assertThat(interim.status()).isEqualTo(100);
        write(socket, "ok");
        assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("POST /echo 2 ok");
    }

    @Test
    void skipsAnUnreadBodySoTheNextRequestIsIntact() throws IOException {
        LoopbackHandler ignoresBody = exchange -> Responses.empty(exchange, 202);
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/ignore", ignoresBody, "/echo", ECHO));
        Socket socket = connect();
        write(socket, "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz");
        assertThat(Response.read(socket.getInputStream()).status()).isEqualTo(202);
        assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("POST /echo 1 z");
    }

    @Test
    void routesByLongestPrefixAndResponds404Otherwise() throws IOException {
        LoopbackHandler state = exchange -> Responses.text(exchange, 200, "state");
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/slave(1)/state", state, "/", ECHO));
        Socket socket = connect();
        write(socket, "GET /slave(1)/state HTTP/1.1\r\nHost: x\r\n\r\nGET /other HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("state");
        assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("GET /other 0 ");

        LoopbackHttpServer narrow = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/echo", ECHO));
        try {
            Socket other = new Socket("127.0.0.1", narrow.port());
            sockets.add(other);
            write(other, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            Response response = Response.read(other.getInputStream());
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).contains("/nothing");
        } finally {
            narrow.stop();
        }
    }

    @Test
    void refusesGarbageWith400AndCloses() throws IOException {
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/", ECHO));
        Socket socket = connect();
        write(socket, "\u0016\u0003\u0001 not http at all\r\n\r\n");
        Response response = Response.read(socket.getInputStream());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("connection", "close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void honoursConnectionClose() throws IOException {
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/", ECHO));
        Socket socket = connect();
        write(socket, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Response response = Response.read(socket.getInputStream());
        assertThat(response.body()).isEqualTo("GET /a 0 ");
        assertThat(response.headers()).containsEntry("connection", "close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void aHandlerThatThrowsGets500AndTheConnectionLives() throws IOException {
        LoopbackHandler broken = exchange -> {
            throw new IllegalStateException("bug");
        };
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/broken", broken, "/echo", ECHO));
        Socket socket = connect();
        write(socket, "GET /broken HTTP/1.1\r\nHost: x\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        Response failed = Response.read(socket.getInputStream());
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).contains("bug");
        assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("GET /echo 0 ");
    }

    @Test
    void streamsFromAnotherThreadAndNoticesTheClientLeaving() throws Exception {
        AtomicReference<LoopbackExchange> stream = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        LoopbackHandler subscribe = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            stream.set(exchange);
            started.countDown(); // returns with the response open: another thread writes it
        };
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/stream", subscribe));
        Socket socket = connect();
        write(socket, "POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        OutputStream body = stream.get().getResponseBody();
        body.write("first".getBytes(StandardCharsets.UTF_8));
        body.flush();
        InputStream in = socket.getInputStream();
        assertThat(Response.readHead(in).headers()).containsEntry("transfer-encoding", "chunked")
                .containsEntry("connection", "close"); // no client may pool a connection a stream ends
        assertThat(Response.chunk(in)).isEqualTo("first");

        socket.close(); // the client goes away: the server closes its end, so writes fail soon
        assertThatThrownBy(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                body.write(new byte[1024]);
                body.flush();
                Thread.sleep(10);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void anEarlierPipelinedResponseSurvivesAHandlerFailingMidResponse() throws IOException {
        LoopbackHandler broken = exchange -> {
            exchange.sendResponseHeaders(200, 10);
            throw new IllegalStateException("bug");
        };
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/echo", ECHO, "/broken", broken));
        Socket socket = connect();
        write(socket, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\nGET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
        String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(all).startsWith("HTTP/1.1 200 OK").contains("GET /echo 0 ");
    }

    @Test
    void theResponseToALargeUnreadBodyIsNotLostToAReset() throws Exception {
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/echo", ECHO));
        Socket socket = connect();
        byte[] body = new byte[2 << 20];
        Thread writer = new Thread(() -> {
            try {
                write(socket, "POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
                socket.getOutputStream().write(body);
            } catch (IOException ignored) {
                // the server may close before all of it is written
            }
        });
        writer.start();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(got);
        } catch (IOException reset) {
            // what arrived before is asserted
        }
        writer.join(10_000);
        assertThat(got.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 404");
    }

    @Test
    void stopClosesOpenConnections() throws IOException {
        server = LoopbackHttpServer.start(group, "127.0.0.1", 0, Map.of("/", ECHO));
        Socket socket = connect();
        write(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Response.read(socket.getInputStream());
        server.stop();
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(IOException.class);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private static void write(Socket socket, String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** A response as read off the wire: status, headers (lower-case names) and a Content-Length body. */
    private record Response(int status, Map<String, String> headers, String body) {

        static Response read(InputStream in) throws IOException {
            Response head = readHead(in);
            String length = head.headers().get("content-length");
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Response(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
        }

        static Response readHead(InputStream in) throws IOException {
            String status = line(in);
            Map<String, String> headers = new java.util.HashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
            }
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
        }

        static String chunk(InputStream in) throws IOException {
            int size = Integer.parseInt(line(in), 16);
            String data = new String(in.readNBytes(size), StandardCharsets.UTF_8);
            line(in);
            return data;
        }

        static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
