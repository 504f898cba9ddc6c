package io.ferry.wire;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlainHttpTest {

    private final PlainHttp http = new PlainHttp(HttpClient.newHttpClient(), Duration.ofSeconds(5));
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        http.close();
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Mesos-Stream-Id") + " "
                    + new String(body, StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/accepted")) {
                exchange.sendResponseHeaders(202, -1);
            } else if (path.endsWith("/chunked")) {
                exchange.sendResponseHeaders(400, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("bad ".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write("call".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                byte[] text = "no such call".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, text.length);
                exchange.getResponseBody().write(text);
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    @Test
    void postsWithTheHeadersAndReadsEveryKindOfBody() throws Exception {
        URI api = serve();
        Map<String, String> headers = Map.of("Content-Type", "application/x-protobuf", "Mesos-Stream-Id", "s1");

        assertThat(http.post(api.resolve("accepted"), headers, "one".getBytes())).isEqualTo(new PlainHttp.Reply(202, ""));
        assertThat(http.post(api.resolve("chunked"), headers, "two".getBytes()))
                .isEqualTo(new PlainHttp.Reply(400, "bad call"));
        assertThat(http.post(api.resolve("other"), headers, new byte[0]))
                .isEqualTo(new PlainHttp.Reply(404, "no such call"));
        assertThat(seen).containsExactly("application/x-protobuf s1 one", "application/x-protobuf s1 two",
                "application/x-protobuf s1 ");
    }

    @Test
    void aConnectionThePeerClosedIsNotReused() throws Exception {
        // A server that answers one request per connection and then closes it, without saying so.
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = listener.accept()) {
                        byte[] buffer = new byte[4096];
                        int n = s.getInputStream().read(buffer);
                        assertThat(n).isPositive();
                        s.getOutputStream().write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            serving.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/x");
            assertThat(http.post(uri, Map.of(), new byte[1]).status()).isEqualTo(202);
            Thread.sleep(1_100); // past the age at which an idle connection is probed before reuse
            assertThat(http.post(uri, Map.of(), new byte[1]).status()).isEqualTo(202);
            serving.join(5_000);
        }
    }

    @Test
    void aRefusedConnectionIsAnIoException() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/x");
        assertThatThrownBy(() -> http.post(uri, Map.of(), new byte[0])).isInstanceOf(IOException.class);
    }
}
