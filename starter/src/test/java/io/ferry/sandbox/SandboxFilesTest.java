package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sandbox client against a stand-in agent that answers as a Mesos agent does (docs/mesos-notes.md §7): raw
 * bytes in the JSON string of {@code /files/read}, the size for offset -1, 404 for a missing file. The local
 * cluster's agent is the real partner of the end-to-end tests; this one can misbehave on purpose.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SandboxFilesTest {

    /** "héllo\n" then "wörld\n": non-ASCII, so that byte counts and character counts differ. */
    private static final byte[] FILE = "h\u00e9llo \"q\"\tx\nw\u00f6rld\n".getBytes(StandardCharsets.UTF_8);

    private HttpServer agent;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch downloadGate = new CountDownLatch(1);
    private volatile byte[] downloadFirst = new byte[0];
    private volatile byte[] downloadRest = new byte[0];
    private SandboxFiles files;

    @BeforeEach
    void agent() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-agent");
            t.setDaemon(true);
            return t;
        }));
        agent.createContext("/files/read", this::read);
        agent.createContext("/files/download", this::download);
        agent.start();
        files = new SandboxFiles(HttpClient.newHttpClient(), "principal", "secret");
    }

    @AfterEach
    void stop() {
        downloadGate.countDown();
        agent.stop(0);
    }

    private String endpoint() {
        return "127.0.0.1:" + agent.getAddress().getPort();
    }

    private void read(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(query);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (!query.get("path").equals("/sandbox/stdout")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long offset = Long.parseLong(query.getOrDefault("offset", "-1"));
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            json.writeBytes("{\"data\":\"".getBytes(StandardCharsets.US_ASCII));
            if (offset >= 0) {
                int from = (int) Math.min(offset, FILE.length);
                int to = (int) Math.min(FILE.length, from + Long.parseLong(query.get("length")));
                for (int i = from; i < to; i++) {
                    // As Mesos: quotes, backslashes and control characters escaped, every other byte as it is.
                    int b = FILE[i] & 0xff;
                    switch (b) {
                        case '"' -> json.writeBytes("\\\"".getBytes(StandardCharsets.US_ASCII));
                        case '\n' -> json.writeBytes("\\n".getBytes(StandardCharsets.US_ASCII));
                        case '\t' -> json.writeBytes("\\u0009".getBytes(StandardCharsets.US_ASCII));
                        default -> json.write(b);
                    }
                }
            }
            json.writeBytes(("\",\"offset\":" + (offset < 0 ? FILE.length : offset) + "}")
                    .getBytes(StandardCharsets.US_ASCII));
            exchange.sendResponseHeaders(200, json.size());
            exchange.getResponseBody().write(json.toByteArray());
        }
    }

    private void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(200, downloadFirst.length + downloadRest.length);
            OutputStream out = exchange.getResponseBody();
            out.write(downloadFirst);
            out.flush();
            downloadGate.await(20, TimeUnit.SECONDS);
            out.write(downloadRest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aReadGivesTheFilesBytesEvenWhenItEndsInsideACharacter() throws Exception {
        // Bytes 0..2 are 'h' and the first of the two bytes of 'é': no JSON library takes that string.
        FileChunk cut = files.read(endpoint(), "/sandbox/stdout", 0, 2).get();
        assertThat(cut.offset()).isZero();
        assertThat(cut.data()).containsExactly(FILE[0], FILE[1]);
        assertThat(cut.end()).isEqualTo(2);

        FileChunk rest = files.read(endpoint(), "/sandbox/stdout", cut.end(), 1000).get();
        assertThat(rest.offset()).isEqualTo(2);
        assertThat(rest.end()).isEqualTo(FILE.length);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(cut.data());
        whole.writeBytes(rest.data());
        assertThat(whole.toByteArray()).isEqualTo(FILE);
        assertThat(requests.get(1)).containsEntry("offset", "2").containsEntry("length", "1000");
        assertThat(authorizations).allMatch(a -> a.equals("Basic cHJpbmNpcGFsOnNlY3JldA=="));
    }

    @Test
    void theSizeIsAReadAtOffsetMinusOneAndATailReadsTheEnd() throws Exception {
        assertThat(files.size(endpoint(), "/sandbox/stdout").get()).isEqualTo(FILE.length);
        assertThat(requests.get(0)).containsEntry("offset", "-1").doesNotContainKey("length");

        FileChunk tail = files.tail(endpoint(), "/sandbox/stdout", 7).get();
        assertThat(tail.offset()).isEqualTo(FILE.length - 7);
        assertThat(tail.text()).isEqualTo("w\u00f6rld\n"); // 7 bytes: ö takes two
        assertThat(tail.end()).isEqualTo(FILE.length);

        assertThat(files.tail(endpoint(), "/sandbox/stdout", 10_000).get().offset()).isZero();
    }

    @Test
    void aMissingFileAndAnAgentThatDoesNotAnswerAreToldApart() throws Exception {
        assertThatThrownBy(() -> files.read(endpoint(), "/sandbox/nothing", 0, 10).get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(SandboxFileException.class,
                        e -> {
                            assertThat(e.notFound()).isTrue();
                            assertThat(e.getMessage()).isEqualTo("/files/read of the agent at " + endpoint()
                                    + " answered 404 (no such file)");
                        });
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> files.size("127.0.0.1:" + closedPort, "/sandbox/stdout").get())
                .cause().isInstanceOfSatisfying(SandboxFileException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).startsWith("the agent at 127.0.0.1:" + closedPort + " did not answer");
                });
    }

    @Test
    void anAnswerThatIsNotAReadIsAFailureNotAnEmptyFile() {
        assertThat(ReadAnswer.parse("{\"offset\":3,\"data\":\"a\\u00e9\\ud83d\\ude00\\/\"}"
                .getBytes(StandardCharsets.US_ASCII)).text()).isEqualTo("a\u00e9\ud83d\ude00/");
        assertThatThrownBy(() -> ReadAnswer.parse("{\"offset\":3}".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("lacks data");
        assertThatThrownBy(() -> ReadAnswer.parse("<html>".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadAnswer.parse("{\"data\":\"abc".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("ends too early");
    }

    @Test
    void aDownloadHandsOverTheFirstBytesWhileTheAgentStillHoldsTheRest() throws Exception {
        downloadFirst = new byte[256 * 1024];
        downloadRest = new byte[1024 * 1024];
        downloadRest[downloadRest.length - 1] = 7;

        try (FileDownload download = files.download(endpoint(), "/sandbox/stdout").get(10, TimeUnit.SECONDS)) {
            assertThat(download.length()).isEqualTo(256 * 1024 + 1024 * 1024);
            InputStream body = download.body();
            // The agent sends the rest only once the first part was read here: the client does not wait for the
            // whole file (which, buffered, would be a 1 GiB log in memory).
            assertThat(body.readNBytes(downloadFirst.length)).hasSize(downloadFirst.length);
            downloadGate.countDown();
            byte[] rest = body.readAllBytes();
            assertThat(rest).hasSize(downloadRest.length);
            assertThat(rest[rest.length - 1]).isEqualTo((byte) 7);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
