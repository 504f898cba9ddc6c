package io.ferry.wire.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLHandshakeException;

/**
 * The calls to one (scheme, host, port) of a {@link PipelinedHttp}: a queue, and at most one keep-alive connection
 * at a time, on which the calls are written back to back (pipelined) and their responses, which come in the order
 * of the calls, complete them in that order.
 *
 * <p>All state but the incoming queue belongs to one event loop thread: a post adds to that queue and, unless a
 * drain is already due, schedules one, which writes everything queued by then with one flush. So calls made close
 * together share a write, as they did with the old client's writer thread, without a thread of their own.
 *
 * <p>Calls wait in the queue until written; once written they are "in flight" until answered. When a connection
 * ends, its calls in flight fail with an {@link PipelinedHttp.UnansweredException} (never resent: the server may
 * have handled them) and the queued ones go on the next connection, opened at once. A connection that cannot be
 * opened fails the calls queued at the time (none of them was sent).
 */
final class Lane {

    /** One POST and its caller's future. */
    record Call(URI uri, Map<String, String> headers, byte[] body, CompletableFuture<CallResponse> reply) {
    }

    /** A connection with nothing to do for this long is closed; the next call opens one. */
    static final Duration IDLE = Duration.ofSeconds(5);
    /** Mesos answers a call with a status and at most an error message: a body larger than this is no answer. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    /** At most this many body bytes are written before a flush (but at least one call). */
    private static final int MAX_BATCH_BYTES = 1 << 20;

    private final URI target;
    private final String hostPort;
    private final Duration timeout;
    private final long timeoutNanos;
    private final int depth;
    private final EventLoop loop = ClientEventLoop.next();
    private final ConcurrentLinkedQueue<Call> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainDue = new AtomicBoolean();
    private volatile String closed;
    /** Calls written and flushed so far (for tests: what has gone out). */
    private volatile long written;

    // Confined to loop:
    private final ArrayDeque<Call> pending = new ArrayDeque<>();
    private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
    private Channel channel;
    private boolean connected;
    private ScheduledFuture<?> watchdog;
    /** When the oldest call in flight was written or the last response read, whichever came later. */
    private long progressNanos;
    private long lastUseNanos;

    Lane(URI target, Duration timeout, int depth) {
        this.target = target;
        this.hostPort = ClientEventLoop.hostHeader(target);
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.depth = depth;
    }

    boolean serves(URI uri) {
        return ClientEventLoop.port(uri) == ClientEventLoop.port(target) && target.getHost().equals(uri.getHost())
                && target.getScheme().equalsIgnoreCase(uri.getScheme());
    }

    /** Queues {@code call}; never blocks (callbacks of other calls may post, on the event loop). */
    void post(Call call) {
        String refused = closed;
        if (refused != null) {
            call.reply.completeExceptionally(new IOException(refused + ": not sending POST " + call.uri));
            return;
        }
        incoming.add(call);
        if (drainDue.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    /** Fails what is queued or in flight with {@code why}; later posts fail at once. */
    void close(String why) {
        closed = why;
        loop.execute(() -> {
            drain();
            if (channel != null) {
                end(channel, new IOException(why));
            }
        });
    }

    private void drain() {
        drainDue.set(false);
        for (Call c; (c = incoming.poll()) != null; ) {
            pending.add(c);
        }
        String why = closed;
        if (why != null) {
            for (Call c; (c = pending.poll()) != null; ) {
                c.reply.completeExceptionally(new IOException(why + ": POST " + c.uri + " was not sent"));
            }
            return;
        }
        if (channel == null) {
            if (!pending.isEmpty()) {
                connect();
            }
        } else if (connected) {
            write();
        }
    }

    private void connect() {
        ChannelFuture connecting;
        try {
            connecting = ClientEventLoop.connect(target, loop, timeout, true, p -> {
                p.addLast("lane", new Responses());
            });
        } catch (IOException e) {
            connectFailed(e);
            return;
        }
        Channel ch = connecting.channel();
        channel = ch;
        connected = false;
        connecting.addListener(f -> {
            if (ch != channel) {
                return;
            }
            if (!f.isSuccess()) {
                channel = null;
                ch.close();
                connectFailed(f.cause() instanceof IOException io ? io
                        : new IOException(String.valueOf(f.cause()), f.cause()));
                return;
            }
            connected = true;
            lastUseNanos = System.nanoTime();
            ch.closeFuture().addListener(x -> end(ch, new IOException("connection closed by " + hostPort)));
            long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
            watchdog = loop.scheduleAtFixedRate(() -> watch(ch), period, period, TimeUnit.MILLISECONDS);
            write();
        });
    }

    /** Writes the pending calls that may go in flight, flushing once per {@link #MAX_BATCH_BYTES}. */
    private void write() {
        Channel ch = channel;
        long bytes = 0;
        int count = 0;
        boolean wrote = false;
        while (!pending.isEmpty() && inFlight.size() < depth) {
            Call call = pending.poll();
            if (inFlight.isEmpty()) {
                progressNanos = System.nanoTime();
            }
            inFlight.add(call);
            ch.write(request(call), ch.voidPromise());
            wrote = true;
            count++;
            bytes += call.body.length;
            if (bytes >= MAX_BATCH_BYTES) {
                ch.flush();
                bytes = 0;
                wrote = false;
            }
        }
        if (wrote) {
            ch.flush();
        }
        written += count;
    }

    long written() {
        return written;
    }

    private FullHttpRequest request(Call call) {
        String path = call.uri.getRawPath() == null || call.uri.getRawPath().isEmpty() ? "/" : call.uri.getRawPath();
        if (call.uri.getRawQuery() != null) {
            path += "?" + call.uri.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(call.body));
        HttpHeaders headers = request.headers();
        headers.set(HttpHeaderNames.HOST, hostPort);
        call.headers.forEach(headers::set);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, call.body.length);
        return request;
    }

    private void answered(Channel ch, int status, String body, boolean keepAlive) {
        if (ch != channel) {
            return;
        }
        if (status / 100 == 1) {
            if (status == 101) {
                end(ch, new IOException("101 Switching Protocols to a request that asked for no such thing"));
            }
            return; // interim: the final response follows
        }
        Call call = inFlight.poll();
        progressNanos = System.nanoTime();
        lastUseNanos = progressNanos;
        if (call == null) {
            end(ch, new IOException("a response (" + status + ") from " + hostPort + " to no call"));
            return;
        }
        // Callbacks run here, on the event loop: PipelinedHttp documents that they must be quick.
        call.reply.complete(new CallResponse(status, body));
        if (!keepAlive) {
            // The server may have read, even handled, the calls written after this one (libprocess dispatches a
            // connection's requests as it parses them), so they fail rather than go again.
            end(ch, new IOException(hostPort + " closed the connection after answering an earlier call"
                    + " (Connection: close); this call may or may not have been handled"));
        } else if (!pending.isEmpty()) {
            write();
        }
    }

    /** The watchdog: a call unanswered for the timeout ends the connection; so does idleness. */
    private void watch(Channel ch) {
        if (ch != channel) {
            return;
        }
        long now = System.nanoTime();
        if (!inFlight.isEmpty()) {
            if (now - progressNanos >= timeoutNanos) {
                end(ch, new IOException("no response from " + hostPort + " within " + timeout.toMillis() + " ms"));
            }
        } else if (pending.isEmpty() && incoming.isEmpty() && now - lastUseNanos >= IDLE.toNanos()) {
            end(ch, null);
        }
    }

    /**
     * Ends {@code ch} if it is still the lane's connection: its calls in flight fail with {@code cause} (null for
     * an idle connection, which has none) and queued ones go on a new connection.
     */
    private void end(Channel ch, IOException cause) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> end(ch, cause));
            return;
        }
        if (ch != channel) {
            return;
        }
        if (!connected) {
            ch.close(); // the connect fails, and its listener fails the queued calls
            return;
        }
        channel = null;
        connected = false;
        watchdog.cancel(false);
        ch.close();
        List<Call> failed = new ArrayList<>(inFlight);
        inFlight.clear();
        for (Call call : failed) {
            call.reply.completeExceptionally(new PipelinedHttp.UnansweredException("POST " + call.uri
                    + " written, unanswered: " + (cause == null ? "closed" : cause.getMessage()), cause));
        }
        if (!pending.isEmpty() && closed == null) {
            connect();
        }
    }

    /**
     * The TLS handshake failed (see {@link TlsHandshakeFailure}): TLS sends no request byte before its handshake is done,
     * so the calls "in flight" were never sent and fail as calls that could not be sent, with the queued ones.
     */
    private void handshakeFailed(Channel ch, SSLHandshakeException cause) {
        if (ch != channel) {
            return;
        }
        channel = null;
        if (connected) {
            watchdog.cancel(false);
        }
        connected = false;
        ch.close();
        for (Call c; (c = inFlight.pollLast()) != null; ) {
            pending.addFirst(c);
        }
        connectFailed(cause);
    }

    /** Nothing was sent: the calls queued now fail, and the next post tries again. */
    private void connectFailed(IOException cause) {
        for (Call c; (c = pending.poll()) != null; ) {
            c.reply.completeExceptionally(new IOException("cannot connect to " + hostPort + " for POST " + c.uri
                    + ": " + cause, cause));
        }
    }

    /**
     * The end of a connection's pipeline: responses, and errors (which end the connection). A response's body is
     * gathered here rather than by Netty's aggregator: nearly every answer (202) has none, and that spares a
     * composite buffer and a full response object per call.
     */
    private final class Responses extends ChannelInboundHandlerAdapter {
        private int status;
        private boolean keepAlive;
        private ByteArrayOutputStream body;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpResponse response) {
                    status = response.status().code();
                    keepAlive = HttpUtil.isKeepAlive(response);
                    body = null;
                }
                if (msg instanceof HttpContent content) {
                    ByteBuf data = content.content();
                    if (data.isReadable()) {
                        if (body == null) {
                            body = new ByteArrayOutputStream(data.readableBytes());
                        }
                        if (body.size() + data.readableBytes() > MAX_RESPONSE_BYTES) {
                            end(ctx.channel(), new IOException("an answer from " + hostPort + " of over "
                                    + MAX_RESPONSE_BYTES + " bytes"));
                            return;
                        }
                        data.readBytes(body, data.readableBytes());
                    }
                    if (msg instanceof LastHttpContent) {
                        String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
                        body = null;
                        answered(ctx.channel(), status, text, keepAlive);
                    }
                }
            } catch (IOException e) {
                end(ctx.channel(), e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof SSLHandshakeException handshake) {
                handshakeFailed(ctx.channel(), handshake);
                return;
            }
            end(ctx.channel(), cause instanceof IOException io ? io
                    : new IOException("malformed response from " + hostPort + ": " + cause.getMessage(), cause));
        }
    }
}
