package io.ferry.local.http;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The request line and headers of an HTTP/1.1 request, as read off a connection. */
record RequestHead(String method, URI uri, String version, Headers headers) {

    static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 128;

    /** Thrown for a request that is not HTTP/1.x: the connection responds 400 and closes. */
    static final class MalformedRequestException extends IOException {
        MalformedRequestException(String message) {
            super(message);
        }
    }

    /**
     * Reads the next request head, or returns null if the connection ended cleanly between requests.
     *
     * @throws MalformedRequestException the bytes are not an HTTP/1.x request head
     * @throws IOException               the connection failed or ended within the head
     */
    static RequestHead read(ConnectionInput in) throws IOException {
        String requestLine;
        do { // an empty line before the request line is tolerated (RFC 9112 §2.2)
            requestLine = in.readLine(MAX_LINE, true);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw new MalformedRequestException("Malformed request line: " + printable(requestLine));
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new MalformedRequestException("Malformed request target: " + printable(parts[1]));
        }
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
            throw new MalformedRequestException("Request target is not a path: " + printable(parts[1]));
        }
        Headers headers = new Headers();
        for (String header = in.readLine(MAX_LINE, false); !header.isEmpty();
                header = in.readLine(MAX_LINE, false)) {
            int colon = header.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                throw new MalformedRequestException("Malformed header: " + printable(header));
            }
            headers.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return new RequestHead(parts[0], uri, parts[2], headers);
    }

    /** Whether the client asked to keep the connection after this request (HTTP/1.1's default). */
    boolean keepAlive() {
        String connection = headers.getFirst("Connection");
        String value = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        return version.equals("HTTP/1.0") ? value.contains("keep-alive") : !value.contains("close");
    }

    /** The body's length: a Content-Length, -1 for a chunked body, 0 for none. */
    long bodyLength() throws MalformedRequestException {
        String encoding = headers.getFirst("Transfer-Encoding");
        if (encoding != null) {
            if (!encoding.trim().equalsIgnoreCase("chunked")) {
                throw new MalformedRequestException("Unsupported Transfer-Encoding: " + printable(encoding));
            }
            return -1;
        }
        String length = headers.getFirst("Content-Length");
        if (length == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(length.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new MalformedRequestException("Malformed Content-Length: " + printable(length));
        }
    }

    boolean expectsContinue() {
        String expect = headers.getFirst("Expect");
        return expect != null && expect.trim().equalsIgnoreCase("100-continue");
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
