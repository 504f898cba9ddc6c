package io.ferry.wire.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against responses RFC 9112 says to reject, each sent byte for byte by a {@link RawServer}: a call
 * ({@link PipelinedHttp}, two in a row, to see whether the connection was kept) and a stream ({@link StreamingPost},
 * its body read to the end). Each row says what the client made of it; the table is printed for the record.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResponseConformanceTest {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/x-protobuf");
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final List<String> TABLE = new ArrayList<>();

    @AfterAll
    static void printTable() {
        System.out.println("case | call | stream");
        TABLE.forEach(System.out::println);
    }

    private static final Predicate<String> ERROR = o -> o.startsWith("error");

    /** RFC 9112 §6.3 rule 3: reject, or read as chunked and close the connection after. */
    @Test
    void contentLengthAndTransferEncoding() throws Exception {
        row("CL and TE", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n",
                o -> o.startsWith("error") || o.equals("ok abc; ok abc; 2 connections"),
                o -> o.startsWith("error") || o.startsWith("ok abc"));
    }

    /** §6.3 rule 5 (and RFC 9110 §8.6): differing values are unrecoverable. */
    @Test
    void twoDifferentContentLengths() throws Exception {
        row("two Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                ERROR, ERROR);
    }

    /** RFC 9110 §8.6: Content-Length = 1*DIGIT. */
    @Test
    void signedContentLengths() throws Exception {
        row("Content-Length -1", closing("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nabc"), ERROR, ERROR);
        row("Content-Length +3", closing("HTTP/1.1 200 OK\r\nContent-Length: +3\r\n\r\nabc"), ERROR, ERROR);
    }

    /** §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF. */
    @Test
    void noCrlfAfterChunkData() throws Exception {
        row("bad chunk CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcdXYZ\r\n0\r\n\r\n",
                ERROR, ERROR);
    }

    /** §5.2: obs-fold in a response is an error or a space, never a header of its own. */
    @Test
    void obsoleteLineFolding() throws Exception {
        // Netty takes the folded line as part of X-Note (a space for the fold): no header of its own, and the
        // framing after it is intact (the second call reuses the connection).
        row("obs-fold", "HTTP/1.1 200 OK\r\nX-Note: a\r\n Mesos-Stream-Id: injected\r\nContent-Length: 2\r\n\r\nok",
                o -> o.startsWith("error") || o.equals("ok ok; ok ok; 1 connection"),
                o -> o.startsWith("error") || o.equals("ok ok stream-id=-"));
    }

    /** §5.1: no whitespace between a field name and its colon. */
    @Test
    void whitespaceBeforeTheColon() throws Exception {
        // Netty removes the whitespace (what §5.1 tells a proxy to do with a response): the header is then the
        // real Mesos-Stream-Id, not a header named "Mesos-Stream-Id ". Either that or an error is acceptable.
        row("space before colon", "HTTP/1.1 200 OK\r\nMesos-Stream-Id : abc\r\nContent-Length: 2\r\n\r\nok",
                o -> o.startsWith("error") || o.equals("ok ok; ok ok; 1 connection"),
                o -> o.startsWith("error") || o.equals("ok ok stream-id=abc"));
    }

    /** Ferry asks for no transfer coding but chunked: a gzip body is not one it can read. */
    @Test
    void chunkedThenGzip() throws Exception {
        row("chunked, gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                ERROR, ERROR);
    }

    /** A coding other than chunked alone: §6.3 rule 4 would read until close, and the body would be gzip. */
    @Test
    void gzipAlone() throws Exception {
        row("gzip alone", closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nabc"), ERROR, ERROR);
    }

    /** §8: a message cut short of its Content-Length is incomplete, not complete. */
    @Test
    void bodyShortOfItsContentLength() throws Exception {
        row("short body, close", closing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), ERROR, ERROR);
    }

    /** A head drip-fed a byte at a time never completes within the timeout: the call and the stream give up. */
    @Test
    void dripFedHead() throws Exception {
        String head = "HTTP/1.1 200 OK\r\n" + "X-Slow: " + "x".repeat(200) + "\r\nContent-Length: 2\r\n\r\nok";
        row("drip-fed head", new RawServer.Answer(head.getBytes(StandardCharsets.ISO_8859_1), false, 50),
                ERROR, ERROR);
    }

    /** The client's limit on a response head (16 KiB; the longest header Mesos sends is Location). */
    @Test
    void aHeadBeyondTheLimit() throws Exception {
        row("head over 16 KiB", "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\nok",
                ERROR, ERROR);
    }

    /** ... and a status line beyond 4 KiB. */
    @Test
    void aStatusLineBeyondTheLimit() throws Exception {
        row("status line over 4 KiB", "HTTP/1.1 200 " + "O".repeat(5_000) + "\r\nContent-Length: 2\r\n\r\nok",
                ERROR, ERROR);
    }

    /** Trailers count against the same limit as the head. */
    @Test
    void trailersBeyondTheLimit() throws Exception {
        row("trailers over 16 KiB", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Big: "
                + "a".repeat(20_000) + "\r\n\r\n", ERROR, ERROR);
    }

    /** A call's answer is a status and at most an error message: beyond 1 MiB it is none (a stream has no limit). */
    @Test
    void aCallsAnswerBeyondItsLimit() throws Exception {
        int size = Lane.MAX_RESPONSE_BYTES + 1;
        try (RawServer server = new RawServer(RawServer.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: " + size
                + "\r\n\r\n" + "a".repeat(size)))) {
            String outcome = call(server);
            TABLE.add("call answer over 1 MiB | " + outcome + " |");
            assertThat(outcome).startsWith("error").contains("over " + Lane.MAX_RESPONSE_BYTES + " bytes");
        }
    }

    /** RFC 9112 §3.2: a client sends exactly one Host in every HTTP/1.1 request (the server's side rejects others). */
    @Test
    void everyRequestCarriesOneHost() throws Exception {
        try (RawServer server = new RawServer(RawServer.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))) {
            assertThat(call(server)).isEqualTo("ok ok; ok ok; 1 connection");
            assertThat(stream(server.uri("http"))).isEqualTo("ok ok stream-id=-");
            assertThat(server.heads()).hasSize(3).allSatisfy(head -> assertThat(Arrays.stream(head.split("\r\n"))
                    .filter(line -> line.regionMatches(true, 0, "host:", 0, 5))
                    .map(line -> line.substring(5).trim()))
                    .containsExactly("127.0.0.1:" + server.port()));
        }
    }

    /**
     * The client's side of "answers flushed only when no input waits": an answer is delivered as soon as it is read,
     * while the next pipelined answer's head is still incomplete.
     */
    @Test
    void anAnswerIsDeliveredWhileTheNextOnesHeadIsIncomplete() throws Exception {
        CountDownLatch rest = new CountDownLatch(1);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    socket.setSoTimeout(20_000);
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    RawServer.readRequest(in);
                    RawServer.readRequest(in);
                    out.write(latin1("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirstHTTP/1.1 200 OK\r\nConte"));
                    out.flush();
                    if (rest.await(20, TimeUnit.SECONDS)) {
                        out.write(latin1("nt-Length: 6\r\n\r\nsecond"));
                        out.flush();
                    }
                    in.read(); // until the client goes
                } catch (IOException | InterruptedException e) {
                    // the test ended
                }
            }, "split-head-server");
            serving.setDaemon(true);
            serving.start();
            try (PipelinedHttp http = new PipelinedHttp("conformance", Duration.ofSeconds(20))) {
                URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/api/v1/scheduler");
                CompletableFuture<CallResponse> first = http.post(uri, HEADERS, new byte[] {1});
                CompletableFuture<CallResponse> second = http.post(uri, HEADERS, new byte[] {2});
                assertThat(first.get(20, TimeUnit.SECONDS).body()).isEqualTo("first");
                assertThat(second).isNotDone();
                rest.countDown();
                assertThat(second.get(20, TimeUnit.SECONDS).body()).isEqualTo("second");
                TABLE.add("answer before an incomplete pipelined head | ok first, then ok second |");
            }
        }
    }

    /** No thread per connection: calls to ten servers and five open streams share the client's event loop. */
    @Test
    void connectionsShareTheClientsEventLoopThreads() throws Exception {
        int threads = Math.max(1, Integer.getInteger("io.ferry.http.threads", 1));
        List<RawServer> servers = new ArrayList<>();
        List<StreamingPost.Response> streams = new ArrayList<>();
        try (PipelinedHttp http = new PipelinedHttp("conformance", Duration.ofSeconds(20))) {
            for (int i = 0; i < 10; i++) {
                servers.add(new RawServer(RawServer.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")));
            }
            RawServer streaming = new RawServer(RawServer.Answer.of(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n"));
            servers.add(streaming);
            for (RawServer server : servers.subList(0, 10)) {
                assertThat(http.post(server.uri("http"), HEADERS, new byte[] {1}).get(20, TimeUnit.SECONDS).body())
                        .isEqualTo("ok");
            }
            for (int i = 0; i < 5; i++) {
                streams.add(StreamingPost.post(streaming.uri("http"), HEADERS, new byte[] {1}, TIMEOUT));
            }
            assertThat(servers.stream().mapToInt(RawServer::connections).sum()).isEqualTo(15);
            long clientThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("ferry-http-")).count();
            TABLE.add("15 connections open | " + clientThreads + " client thread(s) |");
            assertThat(clientThreads).isBetween(1L, (long) threads);
        } finally {
            for (StreamingPost.Response stream : streams) {
                stream.body().close();
            }
            for (RawServer server : servers) {
                server.close();
            }
        }
    }

    /** SUBSCRIBE to a server that never answers ends when what {@code opened} got is closed. */
    @Test
    void aSubscribeWaitingForItsHeadCanBeCancelled() throws Exception {
        for (String scheme : List.of("http", "https")) {
            try (RawServer silent = new RawServer(RawServer.Answer.of(""))) {
                AtomicReference<Closeable> cancel = new AtomicReference<>();
                CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
                    try {
                        StreamingPost.post(silent.uri(scheme), HEADERS, new byte[1], Duration.ofSeconds(60),
                                cancel::set);
                        return "answered";
                    } catch (IOException e) {
                        return "error: " + e;
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (cancel.get() == null && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(200); // connected (and, for https, in its handshake) by now
                long start = System.nanoTime();
                cancel.get().close();
                String result = outcome.get(10, TimeUnit.SECONDS);
                TABLE.add(scheme + " SUBSCRIBE cancelled | | " + result + " after "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                assertThat(result).startsWith("error");
            }
        }
    }

    /** An https SUBSCRIBE to a server that never completes the handshake times out like an http one. */
    @Test
    void anHttpsSubscribeTimesOut() throws Exception {
        try (RawServer silent = new RawServer(RawServer.Answer.of(""))) {
            String outcome = stream(silent.uri("https"));
            TABLE.add("https SUBSCRIBE, silent server | | " + outcome);
            assertThat(outcome).startsWith("error");
        }
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RawServer.Answer closing(String text) {
        return RawServer.Answer.of(text).closing();
    }

    private void row(String name, String answer, Predicate<String> call, Predicate<String> stream) throws Exception {
        row(name, RawServer.Answer.of(answer), call, stream);
    }

    private void row(String name, RawServer.Answer answer, Predicate<String> call, Predicate<String> stream)
            throws Exception {
        String callOutcome;
        try (RawServer server = new RawServer(answer)) {
            callOutcome = call(server);
        }
        String streamOutcome;
        try (RawServer server = new RawServer(answer)) {
            streamOutcome = stream(server.uri("http"));
        }
        TABLE.add(name + " | " + callOutcome + " | " + streamOutcome);
        assertThat(callOutcome).as("%s: the call", name).matches(call);
        assertThat(streamOutcome).as("%s: the stream", name).matches(stream);
    }

    /** Two calls one after the other: their outcomes, and how many connections they took. */
    private static String call(RawServer server) throws Exception {
        try (PipelinedHttp http = new PipelinedHttp("conformance", TIMEOUT)) {
            String first = outcome(http, server.uri("http"));
            if (first.startsWith("error")) {
                return first;
            }
            String second = outcome(http, server.uri("http"));
            return first + "; " + second + "; " + server.connections() + " connection"
                    + (server.connections() == 1 ? "" : "s");
        }
    }

    private static String outcome(PipelinedHttp http, URI uri) throws Exception {
        long start = System.nanoTime();
        try {
            CallResponse r = http.post(uri, HEADERS, new byte[] {1}).get(20, TimeUnit.SECONDS);
            return "ok " + r.body();
        } catch (ExecutionException e) {
            return "error after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: "
                    + e.getCause().getMessage();
        }
    }

    /** The stream's status, body and stream id, or the error that ended it. */
    private static String stream(URI uri) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                StreamingPost.Response r = StreamingPost.post(uri, HEADERS, new byte[] {1}, TIMEOUT);
                try (var body = r.body()) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    return "ok " + text + " stream-id=" + r.header("Mesos-Stream-Id").orElse("-");
                }
            } catch (IOException e) {
                return "error after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + e;
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        return read.get(20, TimeUnit.SECONDS);
    }
}
