package io.ferry.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of a response whose body is read as a stream ({@link StreamingPost}); responses read whole, one after
 * another, are {@link PlainHttp.ResponseReader}'.
 */
final class HttpHead {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 128;

    /**
     * A response's head. {@code headers} has lower-case names (the first value of each); {@code contentLength} is
     * -1 when absent; {@code keepAlive} says whether the connection may carry another request.
     */
    record Response(int status, Map<String, String> headers, boolean chunked, long contentLength,
                    boolean keepAlive) {
    }

    private HttpHead() {
    }

    /** Reads a status line and headers; 1xx interim responses (100 Continue) are skipped. */
    static Response readResponse(InputStream in) throws IOException {
        while (true) {
            String status = line(in);
            // "HTTP/1.1 202 Accepted"
            int sp = status.indexOf(' ');
            if (!status.startsWith("HTTP/1.") || sp < 0 || status.length() < sp + 4) {
                throw new IOException("not an HTTP response: " + printable(status));
            }
            int code;
            try {
                code = Integer.parseInt(status.substring(sp + 1, sp + 4));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + printable(status));
            }
            boolean keepAlive = !status.startsWith("HTTP/1.0");
            Map<String, String> headers = new HashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon > 0 && headers.size() < MAX_HEADERS) {
                    headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
            }
            if (code / 100 == 1) {
                continue;
            }
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            if (connection.contains("close")) {
                keepAlive = false;
            } else if (connection.contains("keep-alive")) {
                keepAlive = true;
            }
            boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT)
                    .contains("chunked");
            long length = -1;
            String contentLength = headers.get("content-length");
            if (contentLength != null && !chunked) {
                try {
                    length = Long.parseLong(contentLength.trim());
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + printable(contentLength));
                }
            }
            if (code == 204 || code == 304) {
                length = 0;
                chunked = false;
            }
            return new Response(code, Map.copyOf(headers), chunked, length, keepAlive);
        }
    }

    /** The size line of the next chunk (extensions ignored); for the last chunk (0) the trailers are read too. */
    static long chunkSize(InputStream in) throws IOException {
        String size = line(in);
        int semicolon = size.indexOf(';');
        long n;
        try {
            n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + printable(size));
        }
        if (n < 0) {
            throw new IOException("bad chunk size: " + printable(size));
        }
        if (n == 0) {
            while (!line(in).isEmpty()) {
                // trailers
            }
        }
        return n;
    }

    /** A line without its CRLF (a bare LF is accepted). */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before the response was complete");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("header line too long");
            }
            line.append((char) b);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
