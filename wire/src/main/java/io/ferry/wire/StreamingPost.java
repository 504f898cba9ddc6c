package io.ferry.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The POST that opens an event stream (SUBSCRIBE), its response read straight off a socket by the calling thread.
 *
 * <p>Why not {@link HttpClient}'s {@code ofInputStream}: its selector thread reads every chunk and hands it to
 * the reading thread through a queue, two threads and a wake-up per event. Profiled under load that was a fifth
 * of an executor's CPU. {@code https} endpoints still go through the JDK client.
 */
public final class StreamingPost {

    /**
     * A response: status, headers (names in lower case) and the body, de-chunked. Closing the body, from any
     * thread, closes the connection and ends a read in progress.
     */
    public record Response(int status, Map<String, String> headers, InputStream body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private StreamingPost() {
    }

    /**
     * POSTs {@code body} to {@code uri}; returns once the response's head is read.
     *
     * @param headers name/value pairs (Host and Content-Length are added)
     * @throws IOException no response came (refused, reset, timed out in {@code timeout} before the head)
     */
    public static Response post(HttpClient fallback, URI uri, Map<String, String> headers, byte[] body,
                              Duration timeout) throws IOException, InterruptedException {
        return post(fallback, uri, headers, body, timeout, socket -> { });
    }

    /**
     * As above; {@code opened} gets the socket before it connects, so that another thread can end the POST
     * at any point by closing it (a blocking socket ignores interrupts).
     */
    public static Response post(HttpClient fallback, URI uri, Map<String, String> headers, byte[] body,
                              Duration timeout, Consumer<Closeable> opened) throws IOException, InterruptedException {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return viaJdkClient(fallback, uri, headers, body, timeout);
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Socket socket = new Socket();
        opened.accept(socket);
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            out.write(PlainHttp.headUpToLength(uri, host + ":" + port, headers));
            out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            HttpHead.Response head = HttpHead.readResponse(in);
            if (head.status() == 200) {
                socket.setSoTimeout(0); // a stream is quiet between heartbeats; its reader's watchdog decides
            } // an error's body is read under the timeout: a server that keeps it open must not hang the caller
            InputStream bodyStream = head.chunked() ? new ChunkedBody(in, socket)
                    : new DelimitedBody(in, socket, head.contentLength());
            return new Response(head.status(), head.headers(), bodyStream);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Response viaJdkClient(HttpClient client, URI uri, Map<String, String> headers, byte[] body,
                                       Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        Map<String, String> names = new HashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                names.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return new Response(response.statusCode(), names, response.body());
    }

    /** A body read off the connection's socket; closing it closes the socket, ending a read in progress. */
    private abstract static class SocketBody extends InputStream {
        final InputStream in;
        private final Socket socket;

        SocketBody(InputStream in, Socket socket) {
            this.in = in;
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A body delimited by Content-Length, or by the end of the connection (-1). */
    private static final class DelimitedBody extends SocketBody {
        private long left;

        DelimitedBody(InputStream in, Socket socket, long length) {
            super(in, socket);
            this.left = length < 0 ? Long.MAX_VALUE : length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0 && left != Long.MAX_VALUE) {
                left -= n;
            }
            return n;
        }
    }

    /** A chunked body; the chunk framing is removed, so a reader sees the bytes the server wrote. */
    private static final class ChunkedBody extends SocketBody {
        private long chunkLeft;
        /** The CRLF after a chunk's data, read before the next chunk: a server may send it with that chunk. */
        private boolean crlfPending;
        private boolean ended;

        ChunkedBody(InputStream in, Socket socket) {
            super(in, socket);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (ended) {
                return -1;
            }
            if (chunkLeft == 0) {
                if (crlfPending) {
                    HttpHead.line(in);
                    crlfPending = false;
                }
                chunkLeft = HttpHead.chunkSize(in);
                if (chunkLeft == 0) {
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed within a chunk");
            }
            chunkLeft -= n;
            crlfPending = chunkLeft == 0;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(chunkLeft, in.available());
        }
    }
}
