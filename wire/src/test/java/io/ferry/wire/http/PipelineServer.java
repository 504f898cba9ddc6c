package io.ferry.wire.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server for tests of {@link PipelinedHttp}: per connection one thread that reads whatever has arrived,
 * answers every complete request in it as {@link Script} says, and flushes the answers of one read together.
 */
final class PipelineServer implements AutoCloseable {

    /** What to do with request number {@code n} (counted over all connections, from 0); may wait. */
    @FunctionalInterface
    interface Script {
        Response answer(int n, String body) throws InterruptedException;
    }

    /**
     * {@code script}, with the first request answered only once {@code release} is counted down (or after 20 s):
     * meanwhile the next requests pile up unread, so the client writes them before it hears anything.
     */
    static Script firstAnsweredOnRelease(CountDownLatch release, Script script) {
        return (n, body) -> {
            if (n == 0) {
                release.await(20, TimeUnit.SECONDS);
            }
            return script.answer(n, body);
        };
    }

    /** Bytes to send, then whether to close the connection. */
    record Response(byte[] bytes, boolean close) {
    }

    /** 200 with {@code body} (Content-Length). */
    static Response ok(String body) {
        return answer("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, false);
    }

    static Response chunked(String body) {
        int half = body.length() / 2;
        return answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(half) + "\r\n" + body.substring(0, half) + "\r\n"
                + Integer.toHexString(body.length() - half) + "\r\n" + body.substring(half) + "\r\n0\r\n\r\n", false);
    }

    /** 200 with {@code Connection: close}, after which the server closes the connection. */
    static Response closing(String body) {
        return answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
                true);
    }

    static Response garbage() {
        return answer("this is no HTTP\r\n\r\n", false);
    }

    /** Closes the connection without answering. */
    static Response drop() {
        return new Response(new byte[0], true);
    }

    /** Sends no response, and keeps reading. */
    static Response silence() {
        return new Response(new byte[0], false);
    }

    private static Response answer(String text, boolean close) {
        return new Response(text.getBytes(StandardCharsets.ISO_8859_1), close);
    }

    private final ServerSocket listener;
    private final Script script;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger mostPerRead = new AtomicInteger();
    private volatile boolean closedByClient;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    PipelineServer(Script script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "pipeline-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/api/v1/test");
    }

    /** Connections accepted so far. */
    int connections() {
        return sockets.size();
    }

    /** Reads that brought bytes, over all connections. */
    int reads() {
        return reads.get();
    }

    /** The most complete requests that one read brought. */
    int mostPerRead() {
        return mostPerRead.get();
    }

    /** Whether a client closed a connection (the server read its end). */
    boolean closedByClient() {
        return closedByClient;
    }

    /** Request bodies in the order they arrived. */
    List<String> bodies() {
        return bodies;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "pipeline-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    closedByClient = true;
                    return;
                }
                reads.incrementAndGet();
                length += n;
                int start = 0;
                int complete = 0;
                for (int end; (end = requestEnd(buffer, start, length)) > 0; start = end) {
                    complete++;
                    String body = new String(buffer, bodyStart(buffer, start, length), end - bodyStart(buffer, start, length),
                            StandardCharsets.ISO_8859_1);
                    bodies.add(body);
                    Response answer = script.answer(requests.getAndIncrement(), body);
                    out.write(answer.bytes());
                    if (answer.close()) {
                        out.flush();
                        return;
                    }
                }
                mostPerRead.accumulateAndGet(complete, Math::max);
                out.flush();
                System.arraycopy(buffer, start, buffer, 0, length - start);
                length -= start;
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test ended
        }
    }

    /** Where the request starting at {@code start} ends, or -1 if it has not fully arrived. */
    private static int requestEnd(byte[] b, int start, int length) {
        int body = bodyStart(b, start, length);
        if (body < 0) {
            return -1;
        }
        String head = new String(b, start, body - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = head.indexOf("\r\ncontent-length:");
        int contentLength = at < 0 ? 0
                : Integer.parseInt(head.substring(at + 17, head.indexOf("\r\n", at + 2)).trim());
        return body + contentLength <= length ? body + contentLength : -1;
    }

    private static int bodyStart(byte[] b, int start, int length) {
        for (int i = start; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
