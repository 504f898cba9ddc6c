package io.ferry.local.http;

import com.sun.net.httpserver.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request and its response on a {@link LoopbackHttpServer} connection. The method names are those of the
 * JDK's {@code HttpExchange}, whose semantics they keep: {@link #sendResponseHeaders} takes -1 for no body, 0 for
 * a chunked body and otherwise the exact length; {@link #close()} ends the response.
 *
 * <p>A response that ends within its handler goes out as one message; the connection flushes it unless a
 * pipelined request is waiting, so a burst of calls costs one write. A body is otherwise sent in segments of
 * {@link #SEGMENT} bytes, and on every flush: a chunked response is a stream (SUBSCRIBE) that the client reads as
 * it comes. Every segment waits until the connection is writable, so a client that does not read holds up its
 * writer, never memory, and is cut off after {@link HttpLimits#stallTimeout()}.
 */
public final class LoopbackExchange {

    private enum State { OPEN, DETACHED, ENDED }

    /** The most body bytes held before they are sent. */
    private static final int SEGMENT = 64 * 1024;

    private final FullHttpRequest request;
    private final URI uri;
    private final LoopbackConnection connection;
    /** Made when a handler asks for them: most answers (a call's 202) have none of their own. */
    private Headers responseHeaders;
    private Headers requestHeaders;
    private boolean keepAlive;
    // What the event loop reads after the handler returned is volatile or atomic, never behind this exchange's
    // monitor: a stream's writer holds the monitor while it waits for the event loop to make room.
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private volatile HttpResponse head;
    private boolean headSent;
    /** -1: nothing goes on the wire after the head; 0: chunked; otherwise the Content-Length. */
    private volatile long length;
    private long written;
    private ByteBuf buffered;
    private volatile boolean reusable;
    private final Object endLock = new Object();
    private Runnable onEnd;
    private volatile boolean deferred;

    LoopbackExchange(FullHttpRequest request, URI uri, LoopbackConnection connection) {
        this.request = request;
        this.uri = uri;
        this.connection = connection;
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    public String getRequestMethod() {
        return request.method().name();
    }

    public URI getRequestURI() {
        return uri;
    }

    /**
     * The first value of the request's header {@code name} (any case), or null; for the handler's thread. Read from
     * the decoded request itself: the calls' hot path asks for two or three headers, and a copy of all of them
     * ({@link #getRequestHeaders}) was 4 % of the app's allocation at window 256 (async-profiler, alloc mode).
     */
    public String requestHeader(String name) {
        return request.headers().get(name);
    }

    /** Every value of the request's header {@code name} (any case), in order; empty if none. */
    public List<String> requestHeaders(String name) {
        return request.headers().getAll(name);
    }

    /** The request's headers, copied; for the handler's thread. */
    public Headers getRequestHeaders() {
        if (requestHeaders == null) {
            requestHeaders = new Headers();
            for (Map.Entry<String, String> header : request.headers()) {
                requestHeaders.add(header.getKey(), header.getValue());
            }
        }
        return requestHeaders;
    }

    /** The request's body, readable while the handler runs. */
    public InputStream getRequestBody() {
        return new ByteBufInputStream(request.content().duplicate());
    }

    /**
     * The request's body as the received bytes themselves, readable while the handler runs: one piece nearly
     * always (a call is small), a large body in the pieces it was read in, not copied into one.
     */
    public java.nio.ByteBuffer[] requestBody() {
        return request.content().nioBuffers();
    }

    /** The response's headers, to fill before {@link #sendResponseHeaders}; for the handler's thread. */
    public Headers getResponseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = new Headers();
        }
        return responseHeaders;
    }

    /**
     * Prepares the status line and headers; they are sent with the body or at {@link #close()}.
     *
     * @param length -1: no body; 0: a chunked body of any length; otherwise exactly that many bytes
     */
    public synchronized void sendResponseHeaders(int status, long length) throws IOException {
        if (head != null || state.get() == State.ENDED) {
            throw new IOException("Response headers already sent");
        }
        boolean bodiless = status / 100 == 1 || status == 204 || status == 304;
        boolean headRequest = getRequestMethod().equals("HEAD");
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                connection.headersFactory());
        if (responseHeaders != null) {
            for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
                response.headers().add(header.getKey(), header.getValue());
            }
        }
        if (!bodiless) {
            if (length == 0 && !headRequest) {
                response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                // Chunked responses here are event streams, ended by another thread: the connection ends with
                // them, and says so, so that no client pools it for a next request.
                keepAlive = false;
            } else {
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, Math.max(0, length));
            }
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        this.length = bodiless || headRequest || length < 0 ? -1 : length;
        this.head = response; // after length: a reader that sees the head sees its length
    }

    /** The response body; headers must have been sent. Closing it ends the response, as {@link #close()}. */
    public OutputStream getResponseBody() {
        synchronized (this) {
            if (head == null) {
                throw new IllegalStateException("sendResponseHeaders has not been called");
            }
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writeBody(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                flushBody();
            }

            @Override
            public void close() {
                LoopbackExchange.this.close();
            }
        };
    }

    /**
     * Responds 200 with the file as the body, sent from the file by the kernel ({@code sendfile}), never held in
     * memory whatever its size. Ends the response.
     */
    public void sendFile(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long size = channel.size();
        synchronized (this) {
            try {
                sendResponseHeaders(200, size == 0 ? -1 : size);
                if (length > 0) {
                    connection.awaitWritable();
                    connection.write(head, false);
                    headSent = true;
                    connection.write(new DefaultFileRegion(channel, 0, size), false);
                    written = size;
                } else {
                    channel.close();
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        close();
    }

    private synchronized void writeBody(byte[] b, int off, int len) throws IOException {
        if (state.get() == State.ENDED) {
            throw new IOException("Response already ended");
        }
        if (length < 0 || len == 0) {
            return; // no body on the wire (HEAD, 204, -1); an empty chunk would end a chunked body
        }
        if (length > 0 && written + len > length) {
            throw new IOException("Response body longer than its Content-Length of " + length);
        }
        if (buffered == null) {
            buffered = connection.alloc(Math.max(len, 256));
        }
        buffered.writeBytes(b, off, len);
        written += len;
        if (buffered.readableBytes() >= SEGMENT) {
            send(false);
        }
    }

    private synchronized void flushBody() throws IOException {
        if (state.get() == State.ENDED) {
            throw new IOException("Response already ended");
        }
        if (length >= 0) {
            send(true); // segments sent before were written unflushed: flush even with nothing buffered
        }
    }

    /** Sends the head if not yet sent and what is buffered, once the connection is writable. */
    private void send(boolean flush) throws IOException {
        try {
            connection.awaitWritable();
        } catch (IOException e) {
            release();
            throw e;
        }
        // From a writer thread every write is a task for the event loop: the last one flushes too, in one task.
        Object last = null;
        if (buffered != null) {
            last = new DefaultHttpContent(buffered);
            buffered = null;
        }
        if (!headSent) {
            headSent = true;
            if (last == null) {
                last = head;
            } else {
                connection.write(head, false);
            }
        }
        if (last != null) {
            connection.write(last, flush);
        } else if (flush) {
            connection.flush();
        }
    }

    /**
     * Ends the response, from the handler or from any thread after it returned. A response that was cut short (no
     * headers, fewer bytes than announced, a failed write) ends the connection; so does the end of a stream.
     */
    public void close() {
        try {
            end();
        } finally {
            Runnable then;
            synchronized (endLock) {
                then = state.get() == State.ENDED ? onEnd : null;
                onEnd = null;
            }
            if (then != null) {
                then.run();
            }
        }
    }

    /**
     * Writes the end of the response; only then is the state ENDED, so that the event loop, seeing it, serves the
     * next request after this response's writes.
     */
    private synchronized void end() {
        if (state.get() == State.ENDED) {
            return;
        }
        // A stream (chunked) has keepAlive false: its end ends the connection.
        boolean keep = head != null && keepAlive && (length <= 0 || written == length);
        try {
            if (head == null) {
                keep = false;
                connection.closeGracefully();
            } else if (!headSent) {
                ByteBuf body = buffered != null ? buffered : Unpooled.EMPTY_BUFFER;
                buffered = null;
                connection.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, head.status(), body,
                        head.headers(), connection.trailersFactory().newHeaders()), keep);
            } else {
                try {
                    send(false);
                    connection.respond(LastHttpContent.EMPTY_LAST_CONTENT, keep);
                } catch (IOException e) {
                    keep = false;
                    connection.closeGracefully();
                }
            }
        } finally {
            reusable = keep;
            state.set(State.ENDED);
        }
    }

    /**
     * Called once the handler returned: true if the response goes on being written by another thread (a stream,
     * or an answer that another thread gives), false if it has ended already.
     */
    boolean detach() {
        return state.compareAndSet(State.OPEN, State.DETACHED);
    }

    /**
     * Says that the response will be given by another thread after the handler returned (a handler that returns
     * without a response otherwise gets a 500 for it). The connection's next requests wait for it.
     */
    public void respondLater() {
        deferred = true;
    }

    boolean deferred() {
        return deferred;
    }

    /** Whether the response is a stream (chunked): it ends the connection, which serves nothing after it. */
    boolean streams() {
        return head != null && length == 0;
    }

    /** Runs {@code action} once the response has ended: now if it has, else on the thread that ends it. */
    void whenEnded(Runnable action) {
        synchronized (endLock) {
            if (state.get() != State.ENDED) {
                onEnd = action;
                return;
            }
        }
        action.run();
    }

    /** Whether the connection can serve another request once this exchange has ended. */
    boolean reusable() {
        return state.get() == State.ENDED && reusable;
    }

    boolean started() {
        return head != null;
    }

    boolean ended() {
        return state.get() == State.ENDED;
    }

    /** The event loop of the exchange's connection: where a stream is written without waiting on anything. */
    public java.util.concurrent.Executor eventLoop() {
        return connection.eventLoop();
    }

    /** Whether the connection takes more output now (or has closed, so that a write fails); for the event loop. */
    public boolean writable() {
        return connection.writable();
    }

    /**
     * On the event loop: runs {@code then} there once the connection takes more output, or once it closed (a write
     * then fails). A client that reads nothing for the stall timeout loses its connection.
     */
    public void whenWritable(Runnable then) {
        connection.whenWritable(then);
    }

    private void release() {
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }
}
