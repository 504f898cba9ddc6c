package io.ferry.wire.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The POST that opens an event stream (SUBSCRIBE): returns once the response's head has come, with its body as
 * an {@link InputStream} that reads the connection only as fast as it is read ({@link StreamBody}).
 *
 * <p>Every wait has a bound: the connection must be made and the head must come within the timeout, and an error's
 * body (a status other than 200) is read under it too. A 200's body, the stream itself, is quiet between
 * heartbeats: its reader's heartbeat watchdog decides when silence means the stream is dead, and ends it by
 * closing it.
 */
public final class StreamingPost {

    /**
     * A response: status, headers (names in lower case; the first value of each) and the body, de-chunked.
     * Closing the body, from any thread, closes the connection and ends a read in progress.
     */
    public record Response(int status, Map<String, String> headers, InputStream body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /**
         * Hands the body, from now on, to {@code to} as RecordIO records (at most {@code maxRecordBytes} each),
         * on the HTTP client's event loop, instead of to a reader of {@link #body()}, which must not have been read.
         * Closing the body still ends the stream (then {@link Records#ended} hears why).
         */
        public Flow records(int maxRecordBytes, Records to) {
            return ((StreamBody) body).push(maxRecordBytes, to);
        }
    }

    /**
     * Receives a stream's records on the HTTP client's event loop, which serves every connection of the JVM: it must
     * be quick and never block (hand work to another thread, and {@link Flow#pause} when that one falls behind).
     */
    public interface Records {
        /** The next record; the array is the receiver's. An exception thrown here ends the stream. */
        void record(byte[] record);

        /**
         * Called once, last: {@code why} is null when the server ended the body between two records, otherwise
         * what ended it (a broken frame, a connection closed or reset, a close from this side, a record's failure).
         */
        void ended(IOException why);
    }

    /** How a receiver of records steers the reading of its stream; either method from any thread. */
    public interface Flow {
        /** Reads no more of the connection after the current read: later records wait in the kernel's buffers. */
        void pause();

        /** Reads on. */
        void resume();
    }

    private StreamingPost() {
    }

    /**
     * POSTs {@code body} to {@code uri}; returns once the response's head is read.
     *
     * @param headers name/value pairs (Host and Content-Length are added)
     * @throws IOException no response came (refused, reset, no head within {@code timeout}, malformed)
     */
    public static Response post(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        return post(uri, headers, body, timeout, c -> { });
    }

    /**
     * As above; {@code opened} gets, before the connection is made, what ends the POST at any point from another
     * thread when closed (the wait for the head, or a read of the body, then fails).
     */
    public static Response post(URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                                Consumer<Closeable> opened) throws IOException, InterruptedException {
        StreamBody stream = new StreamBody(timeout);
        ChannelFuture connecting = ClientEventLoop.connect(uri, ClientEventLoop.next(), timeout, false,
                p -> p.addLast("stream", stream.handler()));
        Channel ch = connecting.channel();
        opened.accept(ch::close);
        long deadline = System.nanoTime() + timeout.toNanos();
        var headTimer = ch.eventLoop().schedule(() -> {
            if (!stream.head().isDone()) {
                stream.head().completeExceptionally(new SocketTimeoutException("no response head from "
                        + ClientEventLoop.hostHeader(uri) + " within " + timeout.toMillis() + " ms"));
                ch.close();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        stream.head().whenComplete((h, e) -> headTimer.cancel(false));
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                Throwable cause = f.cause();
                stream.head().completeExceptionally(cause instanceof IOException ? cause
                        : new IOException("cannot connect to " + ClientEventLoop.hostHeader(uri) + ": " + cause, cause));
                return;
            }
            ch.writeAndFlush(request(uri, headers, body));
            ch.read();
        });
        HttpResponse head;
        try {
            head = stream.head().get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1),
                    TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            ch.close();
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            ch.close();
            throw new SocketTimeoutException("no response head from " + ClientEventLoop.hostHeader(uri) + " within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            ch.close();
            throw e;
        }
        Map<String, String> names = new HashMap<>();
        head.headers().forEach(h -> names.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        int status = head.status().code();
        // The stream is quiet between heartbeats; an error's body must not hang its reader.
        stream.bodyStarts(ch, status != 200);
        return new Response(status, Map.copyOf(names), stream);
    }

    private static FullHttpRequest request(URI uri, Map<String, String> headers, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, ClientEventLoop.hostHeader(uri));
        headers.forEach(request.headers()::set);
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return request;
    }
}
