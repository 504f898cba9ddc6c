package io.ferry.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What RFC 9112 says a server answers, case by case, over a raw socket: each request of the table gets the status
 * the RFC gives, and a request the RFC says to reject closes the connection (nothing smuggled behind it is served).
 */
@Timeout(60)
class HttpConformanceTest {

    /** How long a case waits for an answer or for the close: beyond it the case reads as "no answer" / "open". */
    private static final int WAIT_MILLIS = 3000;
    private static final String SMUGGLED = "GET /echo/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    /** Short, so that the half-sent request's test is: the default is 30 s. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    /** Small, so that a body beyond it is quick to send: the default is 128 MiB. */
    private static final int MAX_BODY = 64 * 1024;

    private static LoopbackServerGroup group;
    private static RestartableServer server;

    @BeforeAll
    static void start() throws IOException {
        HttpLimits defaults = HttpLimits.DEFAULTS;
        group = new LoopbackServerGroup(new HttpLimits(defaults.maxInitialLineBytes(), defaults.maxHeaderBytes(),
                MAX_BODY, REQUEST_TIMEOUT, defaults.stallTimeout(), 1, 2));
        server = RestartableServer.start(group, "127.0.0.1", Map.of("/echo", exchange -> {
            byte[] body = Responses.body(exchange);
            String folded = exchange.getRequestHeaders().getFirst("X-Folded");
            Responses.text(exchange, 200, exchange.getRequestURI().getPath() + " "
                    + new String(body, StandardCharsets.ISO_8859_1) + (folded == null ? "" : "folded=" + folded));
        }));
    }

    @AfterAll
    static void stop() {
        server.stop();
        group.close();
    }

    static Stream<Arguments> table() {
        String post = "POST /echo HTTP/1.1\r\nHost: x\r\n";
        return Stream.of(
                // RFC 9112 §6.3: both Content-Length and Transfer-Encoding: reject (or process as chunked) and close.
                row("CL and TE together", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\n" + SMUGGLED, "400 closed"),
                // §6.3: an invalid Content-Length is unrecoverable: 400 and close.
                row("two differing Content-Length", post + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabc"
                        + SMUGGLED, "400 closed"),
                row("Content-Length list of different values", post + "Content-Length: 3, 5\r\n\r\nabc", "400 closed"),
                row("signed Content-Length", post + "Content-Length: +3\r\n\r\nabc", "400 closed"),
                row("negative Content-Length", post + "Content-Length: -1\r\n\r\n", "400 closed"),
                row("non-numeric Content-Length", post + "Content-Length: 3a\r\n\r\nabc", "400 closed"),
                // §7.1: chunk data is followed by CRLF.
                row("chunk data without its CRLF", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + "4\r\nabcdXYZ\r\n0\r\n\r\n", "400 closed"),
                row("chunk size not hex", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                        "400 closed"),
                // §5.2: obsolete line folding: a server rejects it with 400 or replaces it with SP. Netty does the
                // latter: the folded line is part of the field before it (asserted below), not a field of its own.
                row("obsolete line folding", post + "X-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n", "200 open"),
                // §5.1: whitespace between a field name and its colon: 400.
                row("whitespace before the colon", "GET /echo HTTP/1.1\r\nHost : x\r\n\r\n", "400 closed"),
                // §3.2: an HTTP/1.1 request without Host, or with more than one, gets 400.
                row("no Host", "GET /echo HTTP/1.1\r\n\r\n", "400 closed"),
                row("two Host fields", "GET /echo HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "400 closed"),
                // RFC 6585 §5: header fields too large: 431; RFC 9110 §15.5.15: URI too long: 414.
                row("header section too large", "GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\n\r\n", "431 closed"),
                row("request line too long", "GET /echo/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                        "414 closed"),
                row("trailer section too large", post + "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-Big: "
                        + "a".repeat(20_000) + "\r\n\r\n", "431 closed"),
                // RFC 9110 §15.5.14: content too large: 413, announced or chunked (the body is not sent here).
                row("Content-Length beyond the limit", post + "Content-Length: 1000000000\r\n\r\n", "413 closed"),
                row("chunked body beyond the limit", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(MAX_BODY + 1) + "\r\n" + "a".repeat(MAX_BODY + 1), "413 closed"),
                // §6.1: a transfer coding the server does not know: 501; chunked not last: 400 (§6.3).
                row("unknown transfer coding before chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n"
                        + "0\r\n\r\n", "501 closed"),
                row("a transfer coding without chunked", post + "Transfer-Encoding: gzip\r\n\r\nabc", "400 closed"),
                row("chunked not the last coding", post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
                        "400 closed"),
                row("not HTTP", "\u0016\u0003\u0001 not http at all\r\n\r\n", "400 closed"),
                // The good ones: answered, and the connection stays open.
                row("plain GET", "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n", "200 open"),
                row("HTTP/1.0 without Host", "GET /echo HTTP/1.0\r\n\r\n", "200 closed"),
                row("chunked body with an extension and a trailer", post + "Transfer-Encoding: chunked\r\n\r\n"
                        + "5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n", "200 open"),
                // RFC 9110 §8.6 lets a recipient take repeated equal values as one, or reject them: Netty rejects.
                row("equal Content-Length values", post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                        "400 closed"));
    }

    private static Arguments row(String name, String request, String expected) {
        return Arguments.of(name, request, expected);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("table")
    void answersAsTheRfcSays(String name, String request, String expected) throws IOException {
        try (Socket socket = connect()) {
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closedEarly) {
                // a server may answer and close before all of a bad request is written; what it answered counts
            }
            String outcome = outcome(socket.getInputStream());
            System.out.println("ferry-http-conformance case=\"" + name + "\" got=\"" + outcome + "\"");
            assertThat(outcome).isEqualTo(expected);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnAKeptAliveConnection() throws IOException {
        try (Socket socket = connect()) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                burst.append("POST /echo/").append(i).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n")
                        .append(i % 10);
            }
            write(socket, burst.toString());
            for (int i = 0; i < 20; i++) {
                assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("/echo/" + i + " " + i % 10);
            }
            write(socket, "GET /echo/again HTTP/1.1\r\nHost: x\r\n\r\n"); // the same connection, later
            assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("/echo/again ");
        }
    }

    @Test
    void aRequestIsAnsweredWhileTheNextPipelinedHeadIsIncomplete() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /echo/first HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/second HTTP/1.1\r\nHo");
            assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("/echo/first ");
            write(socket, "st: x\r\n\r\n");
            assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("/echo/second ");
        }
    }

    @Test
    void anObsoleteLineFoldIsPartOfTheFieldBeforeIt() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /echo HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\nX-Other: c\r\n\r\n");
            assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("/echo folded=a b");
        }
    }

    @Test
    void anIdleStreamOutlivesTheRequestTimeout() throws Exception {
        // A subscriber sends its request and then nothing, for as long as the stream lasts: it is not half-sent.
        java.util.concurrent.CompletableFuture<LoopbackExchange> stream = new java.util.concurrent.CompletableFuture<>();
        RestartableServer streaming = RestartableServer.start(group, "127.0.0.1", Map.of("/stream", exchange -> {
            Responses.body(exchange);
            exchange.sendResponseHeaders(200, 0);
            stream.complete(exchange);
        }));
        try (Socket socket = new Socket("127.0.0.1", streaming.port())) {
            socket.setSoTimeout(10_000);
            write(socket, "POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            java.io.OutputStream body = stream.get(10, java.util.concurrent.TimeUnit.SECONDS).getResponseBody();
            Thread.sleep(REQUEST_TIMEOUT.multipliedBy(3).toMillis());
            body.write("late".getBytes(StandardCharsets.ISO_8859_1));
            body.flush();
            String head = new String(socket.getInputStream().readNBytes(17), StandardCharsets.ISO_8859_1);
            assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\n");
        } finally {
            streaming.stop();
        }
    }

    @Test
    void aDripFedHeadIsServed() throws Exception {
        try (Socket socket = connect()) {
            for (byte b : "GET /echo/slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
                Thread.sleep(20);
            }
            assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("/echo/slow ");
        }
    }

    @Test
    void aHalfSentRequestIsClosedAfterTheReadTimeout() throws IOException {
        try (Socket socket = connect()) {
            socket.setSoTimeout(20_000);
            write(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            long start = System.nanoTime();
            String outcome = outcome(socket.getInputStream(), 20_000);
            System.out.println("ferry-http-conformance case=\"half-sent request\" got=\"" + outcome + "\" after_ms="
                    + (System.nanoTime() - start) / 1_000_000);
            assertThat(outcome).isIn("408 closed", "no answer, closed");
        }
    }

    @Test
    void aHalfSentHeadIsClosedAfterTheReadTimeout() throws IOException {
        // The old server's thread waited on such a head forever.
        try (Socket socket = connect()) {
            socket.setSoTimeout(20_000);
            write(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
            String outcome = outcome(socket.getInputStream(), 20_000);
            System.out.println("ferry-http-conformance case=\"half-sent head\" got=\"" + outcome + "\"");
            assertThat(outcome).isIn("408 closed", "no answer, closed");
        }
    }

    @Test
    void halfSentRequestsHoldNoThreadOfTheirOwn() throws IOException {
        // The old server gave each connection a thread: forty half-sent heads were forty threads waiting. Here they
        // share the group's threads (one event loop, two workers in this test), and a whole request still goes
        // through.
        List<Socket> held = new ArrayList<>();
        try {
            long before = localHttpThreads();
            for (int i = 0; i < 40; i++) {
                Socket socket = connect();
                held.add(socket);
                write(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
            }
            try (Socket socket = connect()) {
                write(socket, "GET /echo/through HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("/echo/through ");
            }
            long added = localHttpThreads() - before;
            System.out.println("ferry-http-conformance case=\"40 half-sent requests\" threads_added=" + added);
            assertThat(added).as("threads started for 41 connections")
                    .isLessThanOrEqualTo(group.limits().eventLoopThreads() + group.limits().workerThreads());
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyCutShortByTheClientsCloseIsNotHandled() throws IOException {
        // RFC 9112 §8: an incomplete message; the server may answer with an error before closing, never handle it.
        try (Socket socket = connect()) {
            write(socket, "POST /echo/short HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            socket.shutdownOutput();
            String outcome = outcome(socket.getInputStream());
            System.out.println("ferry-http-conformance case=\"body cut short, closed\" got=\"" + outcome + "\"");
            assertThat(outcome).isIn("no answer, closed", "400 closed");
        }
    }

    /** The live threads of loopback server groups (theirs are named ferry-local-io-N and ferry-local-http-N). */
    private static long localHttpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ferry-local-io-") || t.getName().startsWith("ferry-local-http-"))
                .count();
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(WAIT_MILLIS);
        return socket;
    }

    private static void write(Socket socket, String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String outcome(InputStream in) {
        return outcome(in, WAIT_MILLIS);
    }

    /** "STATUS closed|open" after the first response; "no answer, closed|open" without one. */
    private static String outcome(InputStream in, int waitMillis) {
        String status;
        try {
            Response response = Response.read(in);
            status = Integer.toString(response.status());
        } catch (SocketTimeoutException e) {
            return "no answer, open";
        } catch (IOException e) {
            return "no answer, closed";
        }
        try {
            return status + (in.read() < 0 ? " closed" : " open"); // a byte more: a smuggled request's answer
        } catch (SocketTimeoutException e) {
            return status + " open";
        } catch (IOException e) {
            return status + " closed";
        }
    }

    /** A response read off the wire: status, lower-case headers and a Content-Length body. */
    record Response(int status, Map<String, String> headers, String body) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine.isEmpty()) {
                throw new IOException("closed before a response");
            }
            Map<String, String> headers = new java.util.HashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    new String(body, StandardCharsets.ISO_8859_1));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    if (line.size() == 0) {
                        return "";
                    }
                    throw new IOException("closed within a line");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
