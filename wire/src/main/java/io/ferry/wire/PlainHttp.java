package io.ferry.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on a plain socket, as far as Ferry's calls need it: the head of a POST, and the responses read back one
 * after another from a connection ({@link PipelinedHttp}).
 *
 * <p>A response's body is delimited by its Content-Length, by chunked encoding, or by the end of the connection;
 * 204, 304 and 1xx responses have none. Interim 1xx responses are skipped: the final response to the same request follows.
 */
public final class PlainHttp {

    /** The response: status and body (as text, as callers only log it). */
    public record Response(int status, String body) {
    }

    /** Called when a read waited a socket timeout for nothing: throws to give up, returns to wait on. */
    @FunctionalInterface
    interface Stall {
        void check() throws IOException;
    }

    /** Mesos responses calls with a status and at most an error message; anything this large is not a response. */
    static final int MAX_BODY = 64 * 1024 * 1024;
    private static final int MAX_LINE = 16 * 1024;

    private PlainHttp() {
    }

    /**
     * The head of a POST to {@code uri} up to the value of its Content-Length, which comes last so that the
     * same bytes serve every call to the same target with the same headers.
     */
    static byte[] headUpToLength(URI uri, String hostPort, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append("POST ").append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(hostPort).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads responses one after another from one connection, through a buffer of its own (a BufferedInputStream
     * would take a lock per byte), and with no String per header line for the headers it ignores.
     */
    static final class ResponseReader {
        private final InputStream in;
        private final Stall stall;
        private final byte[] buffer = new byte[16 * 1024];
        private final StringBuilder line = new StringBuilder(128);
        private int pos;
        private int limit;
        private boolean keepAlive;

        /** {@code stall} is asked whenever a read of {@code in} times out (its socket's SO_TIMEOUT). */
        ResponseReader(InputStream in, Stall stall) {
            this.in = in;
            this.stall = stall;
        }

        /** Whether the connection may carry more responses after the last one {@link #read}. */
        boolean keepAlive() {
            return keepAlive;
        }

        /**
         * The next final response.
         *
         * @throws EOFException the connection ended before it was complete (or, with nothing read, before it began)
         * @throws IOException  it is not an HTTP response, or one too large
         */
        Response read() throws IOException {
            while (true) {
                if (pos == limit && !fill()) {
                    throw new EOFException("connection closed");
                }
                readLine();
                // "HTTP/1.1 202 Accepted"; the reason phrase may be missing
                if (line.length() < 12 || !startsWith(line, 0, "HTTP/1.") || line.charAt(8) != ' '
                        || (line.length() > 12 && line.charAt(12) != ' ')) {
                    throw new IOException("not an HTTP response: " + abbreviated(line));
                }
                int code = (int) decimal(line, 9, 12);
                keepAlive = line.charAt(7) != '0';
                long length = -1;
                boolean chunked = false;
                for (readLine(); line.length() > 0; readLine()) {
                    if (header("content-length")) {
                        length = decimal(line, 15, line.length());
                    } else if (header("transfer-encoding")) {
                        chunked = value(18).contains("chunked");
                    } else if (header("connection")) {
                        String v = value(11);
                        if (v.contains("close")) {
                            keepAlive = false;
                        } else if (v.contains("keep-alive")) {
                            keepAlive = true;
                        }
                    }
                }
                if (code / 100 == 1) {
                    if (code == 101) {
                        throw new IOException("101 Switching Protocols to a request that asked for no such thing");
                    }
                    continue; // interim: the final response follows
                }
                byte[] body;
                if (code == 204 || code == 304) {
                    return new Response(code, "");
                } else if (chunked) {
                    body = chunks();
                } else if (length >= 0) {
                    body = exactly(length);
                } else {
                    body = rest(); // delimited by the end of the connection
                    keepAlive = false;
                }
                return new Response(code, body.length == 0 ? "" : new String(body, StandardCharsets.UTF_8));
            }
        }

        private byte[] chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                readLine();
                long n = chunkSize();
                if (n == 0) {
                    for (readLine(); line.length() > 0; readLine()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                if (body.size() + n > MAX_BODY) {
                    throw new IOException("response too large: over " + MAX_BODY + " bytes");
                }
                body.write(exactly(n));
                readLine();
            }
        }

        private long chunkSize() throws IOException {
            long n = 0;
            int i = 0;
            for (; i < line.length(); i++) {
                int digit = Character.digit(line.charAt(i), 16);
                if (digit < 0) {
                    break;
                }
                n = n * 16 + digit;
                if (n > MAX_BODY) {
                    throw new IOException("response too large: a chunk of over " + MAX_BODY + " bytes");
                }
            }
            if (i == 0 || (i < line.length() && line.charAt(i) != ';' && line.charAt(i) != ' ')) {
                throw new IOException("not a chunk size: " + abbreviated(line));
            }
            return n;
        }

        private byte[] exactly(long n) throws IOException {
            if (n > MAX_BODY) {
                throw new IOException("response too large: " + n + " bytes");
            }
            byte[] bytes = new byte[(int) n];
            int done = 0;
            while (done < n) {
                if (pos == limit && !fill()) {
                    throw new EOFException("connection closed before the response was complete");
                }
                int k = Math.min(limit - pos, bytes.length - done);
                System.arraycopy(buffer, pos, bytes, done, k);
                pos += k;
                done += k;
            }
            return bytes;
        }

        private byte[] rest() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (pos < limit || fill()) {
                if (body.size() + limit - pos > MAX_BODY) {
                    throw new IOException("response too large: over " + MAX_BODY + " bytes");
                }
                body.write(buffer, pos, limit - pos);
                pos = limit;
            }
            return body.toByteArray();
        }

        /** The next line into {@link #line}, without its CRLF (or bare LF). */
        private void readLine() throws IOException {
            line.setLength(0);
            while (true) {
                if (pos == limit && !fill()) {
                    throw new EOFException("connection closed before the response was complete");
                }
                int b = buffer[pos++] & 0xff;
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return;
                }
                if (line.length() >= MAX_LINE) {
                    throw new IOException("header line too long");
                }
                line.append((char) b);
            }
        }

        private boolean fill() throws IOException {
            while (true) {
                try {
                    int n = in.read(buffer, 0, buffer.length);
                    if (n < 0) {
                        return false;
                    }
                    pos = 0;
                    limit = n;
                    if (n > 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    stall.check();
                }
            }
        }

        /** Whether {@link #line} is the header {@code name} (lower case), followed by its colon. */
        private boolean header(String name) {
            int n = name.length();
            if (line.length() <= n || line.charAt(n) != ':') {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (Character.toLowerCase(line.charAt(i)) != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String value(int from) {
            return line.substring(from).trim().toLowerCase(Locale.ROOT);
        }
    }

    private static boolean startsWith(CharSequence s, int at, String prefix) {
        if (s.length() < at + prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number in {@code s[from, to)}, surrounding blanks allowed. */
    private static long decimal(CharSequence s, int from, int to) throws IOException {
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        if (from == to || to - from > 18) {
            throw new IOException("not a number in: " + abbreviated(s));
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("not a number in: " + abbreviated(s));
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String abbreviated(CharSequence s) {
        return s.length() <= 80 ? s.toString() : s.subSequence(0, 80) + "...";
    }
}
