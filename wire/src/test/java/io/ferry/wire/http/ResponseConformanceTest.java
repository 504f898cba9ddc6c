package io.ferry.wire.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        Predicate<String> noInjectedHeader = o -> !o.contains("stream-id=injected");
        row("obs-fold", "HTTP/1.1 200 OK\r\nX-Note: a\r\n Mesos-Stream-Id: injected\r\nContent-Length: 2\r\n\r\nok",
                o -> true, noInjectedHeader);
    }

    /** §5.1: no whitespace between a field name and its colon. */
    @Test
    void whitespaceBeforeTheColon() throws Exception {
        // Netty removes the whitespace (what §5.1 tells a proxy to do with a response): the header is then the
        // real Mesos-Stream-Id, not a header named "Mesos-Stream-Id ". Either that or an error is acceptable.
        row("space before colon", "HTTP/1.1 200 OK\r\nMesos-Stream-Id : abc\r\nContent-Length: 2\r\n\r\nok",
                o -> true, o -> o.startsWith("error") || o.equals("ok ok stream-id=abc"));
    }

    /** Ferry asks for no transfer coding but chunked: a gzip body is not one it can read. */
    @Test
    void chunkedThenGzip() throws Exception {
        row("chunked, gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                ERROR, ERROR);
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
