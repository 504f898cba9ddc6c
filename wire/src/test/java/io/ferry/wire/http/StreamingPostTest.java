package io.ferry.wire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.wire.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StreamingPost} against a raw socket server: the bytes on the wire are the test's. */
@Timeout(30)
class StreamingPostTest {

    /** Released when the test is over: a server that keeps its connection open (and silent) waits for it. */
    private final CountDownLatch testOver = new CountDownLatch(1);
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        testOver.countDown();
        if (server != null) {
            server.close();
        }
    }

    /** Accepts one connection, reads the request head and body, hands the rest to {@code answer}. */
    private URI serve(Consumer<Socket> answer) throws IOException {
        server = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                int length = 0;
                for (String line = line(in); !line.isEmpty(); line = line(in)) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                answer.accept(s);
            } catch (IOException ignored) {
                // the test decides
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/scheduler");
    }

    /** A line of the request's head, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("the request ended within its head");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** Keeps the connection open and silent until the test is over (at most 20 s). */
    private void holdUntilTheTestIsOver() {
        try {
            testOver.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            // ends the answer
        }
    }

    /**
     * Waits (at most 10 s) until {@code reader} is blocked in a read of the body: waiting, with the body's read on
     * its stack.
     */
    private static void awaitBlockedInRead(Thread reader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            StackTraceElement[] stack = reader.getStackTrace();
            boolean inBody = Arrays.stream(stack)
                    .anyMatch(f -> f.getClassName().equals(StreamBody.class.getName()));
            if (inBody && reader.getState() == Thread.State.WAITING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the reader is not blocked in a read of the body within 10 s: "
                        + reader.getState() + " " + Arrays.toString(stack));
            }
            Thread.sleep(5);
        }
    }

    private static void write(Socket s, String text) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void readsAChunkedStreamWhateverTheChunking() throws Exception {
        URI uri = serve(s -> {
            write(s, "HTTP/1.1 100 Continue\r\n\r\n");
            write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nMesos-Stream-Id: abc\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            write(s, "3\r\n5\nh\r\n");
            write(s, "4;x=y\r\nello\r\n2\r\n3\n\r\n");
            write(s, "3\r\nabc\r\n0\r\n\r\n");
        });
        StreamingPost.Response answer = StreamingPost.post(uri, Map.of("Content-Type", "x"),
                "subscribe".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertEquals(200, answer.status());
        assertEquals("abc", answer.header("Mesos-Stream-Id").orElseThrow());
        RecordIoReader records = new RecordIoReader(answer.body(), 1024);
        assertEquals("hello", new String(records.read(), StandardCharsets.UTF_8));
        assertEquals("abc", new String(records.read(), StandardCharsets.UTF_8));
        assertEquals(null, records.read());
    }

    @Test
    void givesTheBodyOfAnError() throws Exception {
        URI uri = serve(s -> write(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: 7\r\n\r\nno way!extra"));
        StreamingPost.Response answer = StreamingPost.post(uri, Map.of(), new byte[0], Duration.ofSeconds(5));
        assertEquals(400, answer.status());
        assertEquals("no way!", new String(answer.body().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void closingTheBodyEndsABlockedRead() throws Exception {
        URI uri = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            holdUntilTheTestIsOver(); // a stream between heartbeats
        });
        StreamingPost.Response answer = StreamingPost.post(uri, Map.of(), new byte[0], Duration.ofSeconds(5));
        CompletableFuture<Throwable> read = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                read.complete(new IllegalStateException("read returned " + answer.body().read()));
            } catch (IOException e) {
                read.complete(e);
            }
        }, "body-reader");
        reader.setDaemon(true);
        reader.start();
        awaitBlockedInRead(reader);
        assertFalse(read.isDone(), "the read is blocked, not over");

        answer.body().close();
        Throwable ended = read.get(10, TimeUnit.SECONDS);
        assertTrue(ended instanceof IOException, String.valueOf(ended));
    }

    @Test
    void aRecordIsDeliveredBeforeTheCrlfThatEndsItsChunk() throws Exception {
        java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        URI uri = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n2\nab");
            try {
                read.await(10, TimeUnit.SECONDS); // the CRLF comes with the next chunk, as some servers send it
            } catch (InterruptedException ignored) {
                // ends the answer
            }
            write(s, "\r\n0\r\n\r\n");
        });
        StreamingPost.Response answer = StreamingPost.post(uri, Map.of(), new byte[0], Duration.ofSeconds(5));
        CompletableFuture<byte[]> record = CompletableFuture.supplyAsync(() -> {
            try {
                return new RecordIoReader(answer.body(), 1024).read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals("ab", new String(record.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        read.countDown();
    }

    @Test
    void refusesWhatIsNotHttp() throws Exception {
        URI uri = serve(s -> write(s, "SSH-2.0-OpenSSH\r\n\r\n"));
        IOException e = assertThrows(IOException.class,
                () -> StreamingPost.post(uri, Map.of(), new byte[0], Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("malformed response"), e.getMessage());
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        URI uri = serve(s -> holdUntilTheTestIsOver());
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> StreamingPost.post(uri, Map.of(), new byte[0], Duration.ofMillis(300)));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // A timeout, not a refused or reset connection; and not before the timeout had passed.
        assertTrue(e instanceof SocketTimeoutException, String.valueOf(e));
        assertTrue(waited >= 300, "gave up after " + waited + " ms");
    }

    @Test
    void theConnectionIsReadOnlyAsFastAsTheBodyIs() throws Exception {
        int total = 64 * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        URI uri = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                OutputStream out = s.getOutputStream();
                for (int n = 0; n < total; n += 0x10000) {
                    out.write(chunk);
                    sent.addAndGet(0x10000);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the test ended
            }
        });
        StreamingPost.Response answer = StreamingPost.post(uri, Map.of(), new byte[0], Duration.ofSeconds(5));
        assertEquals(200, answer.status());

        // Nobody reads the body: the server can write what the sockets' buffers hold, and then waits.
        long before;
        long after = sent.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            before = after;
            Thread.sleep(300);
            after = sent.get();
        } while (after != before && System.nanoTime() < deadline);
        assertTrue(after < total / 4, "the server wrote " + after + " bytes to a stream nobody read");

        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        try (InputStream body = answer.body()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                read += n;
            }
        }
        assertEquals(total, read);
    }
}
