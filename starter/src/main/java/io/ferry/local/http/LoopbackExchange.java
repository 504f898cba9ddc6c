package io.ferry.local.http;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on a {@link LoopbackHttpServer} connection. The method names are those of the
 * JDK's {@code HttpExchange}, whose semantics they keep: {@link #sendResponseHeaders} takes -1 for no body, 0 for
 * a chunked body and otherwise the exact length; {@link #close()} ends the response.
 *
 * <p>Responses are written into the connection's buffer; the server flushes once no pipelined request is
 * waiting, so a burst of calls costs one write. A chunked response is the exception: it is flushed whenever its
 * writer flushes, since it is a stream (SUBSCRIBE) that the client reads as it comes.
 */
public final class LoopbackExchange {

    private enum State { OPEN, DETACHED, ENDED }

    private final RequestHead request;
    private final RequestBody requestBody;
    private final OutputStream connection;
    private boolean keepAlive;
    private final Runnable closeConnection;
    private final Headers responseHeaders = new Headers();
    private State state = State.OPEN;
    private ResponseBody responseBody;
    private boolean reusable;

    LoopbackExchange(RequestHead request, RequestBody requestBody, OutputStream connection,
                     Runnable closeConnection) {
        this.request = request;
        this.requestBody = requestBody;
        this.connection = connection;
        this.keepAlive = request.keepAlive();
        this.closeConnection = closeConnection;
    }

    public String getRequestMethod() {
        return request.method();
    }

    public URI getRequestURI() {
        return request.uri();
    }

    public Headers getRequestHeaders() {
        return request.headers();
    }

    public InputStream getRequestBody() {
        return requestBody;
    }

    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    /**
     * Writes the status line and headers.
     *
     * @param length -1: no body; 0: a chunked body of any length; otherwise exactly that many bytes
     */
    public synchronized void sendResponseHeaders(int status, long length) throws IOException {
        if (responseBody != null || state == State.ENDED) {
            throw new IOException("Response headers already sent");
        }
        boolean bodiless = status / 100 == 1 || status == 204 || status == 304;
        boolean head = request.method().equals("HEAD");
        StringBuilder out = new StringBuilder(128)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            for (String value : header.getValue()) {
                out.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        if (!bodiless) {
            if (length == 0 && !head) {
                out.append("Transfer-Encoding: chunked\r\n");
                // Chunked responses here are event streams, ended by another thread while this connection's thread
                // waits: the connection ends with them, and says so, so that no client pools it for a next request.
                keepAlive = false;
            } else {
                out.append("Content-Length: ").append(Math.max(0, length)).append("\r\n");
            }
        }
        if (!keepAlive) {
            out.append("Connection: close\r\n");
        }
        out.append("\r\n");
        connection.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (bodiless || head || length < 0) {
            responseBody = ResponseBody.none();
        } else if (length == 0) {
            responseBody = ResponseBody.chunked(connection);
        } else {
            responseBody = ResponseBody.fixed(connection, length);
        }
    }

    /** The response body; headers must have been sent. Closing it ends the response, as {@link #close()}. */
    public OutputStream getResponseBody() {
        ResponseBody body;
        synchronized (this) {
            body = responseBody;
        }
        if (body == null) {
            throw new IllegalStateException("sendResponseHeaders has not been called");
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                body.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                body.flush();
            }

            @Override
            public void close() {
                LoopbackExchange.this.close();
            }
        };
    }

    /**
     * Ends the response. A response that was cut short (no headers, fewer bytes than announced, a failed write)
     * ends the connection; so does the end of a response streamed after its handler returned.
     */
    public void close() {
        boolean closeNow;
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            reusable = false;
            if (responseBody != null) {
                try {
                    reusable = responseBody.finish() && keepAlive;
                } catch (IOException broken) {
                    reusable = false;
                }
            }
            closeNow = state == State.DETACHED || !reusable;
            state = State.ENDED;
        }
        if (closeNow) {
            closeConnection.run();
        }
    }

    /**
     * Called by the connection's thread once the handler returned: true if the response goes on being written
     * by another thread (it then ends the connection when done), false if it has ended already.
     */
    synchronized boolean detach() {
        if (state == State.ENDED) {
            return false;
        }
        state = State.DETACHED;
        return true;
    }

    /** Whether the connection can serve another request once this exchange has ended. */
    synchronized boolean reusable() {
        return state == State.ENDED && reusable;
    }

    synchronized boolean started() {
        return responseBody != null;
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
