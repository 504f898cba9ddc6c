package io.ferry.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * POSTs of small calls (UPDATE, ACKNOWLEDGE, ACCEPT...) over plain-HTTP keep-alive sockets, written and read on
 * the calling thread.
 *
 * <p>Why not {@link HttpClient#send}: even blocking, it hands every exchange to its selector thread and a worker
 * and back, three threads and a dozen futures per call; on 2 cores that was a large part of the CPU each task
 * costs. Calls are tiny and answered at once, so a socket per calling thread does the same with no hand-off.
 * {@code https} endpoints still go through {@code fallback}.
 *
 * <p>Like the JDK client, a POST is never resent here: a failure is an IOException and the caller decides (its
 * calls are idempotent or it knows what to do). An idle connection that the peer may have closed is probed
 * before reuse, so a stale socket does not turn into a failed call.
 */
public final class PlainHttp {

    /** The answer: status and body (as text, as callers only log it). */
    public record Reply(int status, String body) {
    }

    /** Idle connections older than this are probed before reuse (a read that must time out at once). */
    private static final long PROBE_AFTER_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_IDLE = 8;

    private final HttpClient fallback;
    private final Duration timeout;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public PlainHttp(HttpClient fallback, Duration timeout) {
        this.fallback = fallback;
        this.timeout = timeout;
    }

    /**
     * POSTs {@code body}; {@code headers} are name/value pairs (Host and Content-Length are added).
     *
     * @throws IOException no complete answer came
     */
    public Reply post(URI uri, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<String> response = fallback.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        Connection c = take(host, port);
        boolean done = false;
        try {
            c.write(requestHead(uri, host, port, headers, body.length), body);
            Reply reply = c.read();
            done = c.keepAlive;
            return reply;
        } finally {
            if (done) {
                c.idleSince = System.nanoTime();
                if (!closed && idle.size() < MAX_IDLE) {
                    idle.push(c);
                    if (closed && idle.remove(c)) {
                        c.close(); // close() ran meanwhile
                    }
                } else {
                    c.close();
                }
            } else {
                c.close();
            }
        }
    }

    /** Closes the idle connections; calls in progress close theirs when done. Later calls still work. */
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }

    private Connection take(String host, int port) throws IOException {
        Connection c;
        while ((c = idle.poll()) != null) {
            if (c.host.equals(host) && c.port == port && c.usable()) {
                return c;
            }
            c.close();
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new Connection(host, port, socket);
    }

    private static byte[] requestHead(URI uri, String host, int port, Map<String, String> headers, int length) {
        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append("POST ").append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nContent-Length: ").append(length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One keep-alive socket; used by one thread at a time (it is out of the idle deque meanwhile). */
    private final class Connection {
        final String host;
        final int port;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;
        boolean keepAlive;

        Connection(String host, int port, Socket socket) throws IOException {
            this.host = host;
            this.port = port;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        /** Fresh, or still open: a peer that closed it has left an end-of-stream to read. */
        boolean usable() {
            if (System.nanoTime() - idleSince < PROBE_AFTER_NANOS) {
                return true;
            }
            try {
                if (in.available() > 0) {
                    return false; // bytes nobody asked for: not a connection to trust
                }
                socket.setSoTimeout(1);
                try {
                    in.read(); // end of stream: closed by the peer; a byte: nothing we asked for. Either way, not usable
                    return false;
                } catch (java.net.SocketTimeoutException alive) {
                    return true;
                } finally {
                    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                }
            } catch (IOException e) {
                return false;
            }
        }

        void write(byte[] head, byte[] body) throws IOException {
            out.write(head);
            out.write(body);
            out.flush();
        }

        Reply read() throws IOException {
            String status = line();
            // "HTTP/1.1 202 Accepted"
            int sp = status.indexOf(' ');
            if (!status.startsWith("HTTP/1.") || sp < 0 || status.length() < sp + 4) {
                throw new IOException("not an HTTP response: " + status);
            }
            int code = Integer.parseInt(status.substring(sp + 1, sp + 4));
            keepAlive = !status.startsWith("HTTP/1.0");
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> {
                        String v = value.toLowerCase(Locale.ROOT);
                        if (v.contains("close")) {
                            keepAlive = false;
                        } else if (v.contains("keep-alive")) {
                            keepAlive = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            byte[] body;
            if (code / 100 == 1 || code == 204 || code == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = chunks();
            } else if (length >= 0) {
                body = exactly(length);
            } else {
                body = in.readAllBytes(); // delimited by the end of the connection
                keepAlive = false;
            }
            return new Reply(code, new String(body, StandardCharsets.UTF_8));
        }

        private byte[] chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(exactly(n));
                line();
            }
        }

        private byte[] exactly(long n) throws IOException {
            if (n > 64 * 1024 * 1024) {
                throw new IOException("answer too large: " + n + " bytes");
            }
            byte[] bytes = in.readNBytes((int) n);
            if (bytes.length < n) {
                throw new EOFException("connection closed in the answer's body");
            }
            return bytes;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed before the answer was complete");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() > 16 * 1024) {
                    throw new IOException("header line too long");
                }
                line.append((char) b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // gone anyway
            }
        }
    }
}
