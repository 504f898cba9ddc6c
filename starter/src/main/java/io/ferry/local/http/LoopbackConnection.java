package io.ferry.local.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's pipeline: queues its whole requests and {@link Rejection}s as they are
 * decoded, and serves them in order, one at a time (pipelining: responses go out in request order). Handlers
 * that may block run on a worker; the others ({@link LoopbackHandler#mayBlock()}) on the event loop, which
 * then writes their responses itself and flushes a burst once.
 *
 * <p>After a response that ends the connection (Connection: close, a rejection, a broken response, the end of a
 * stream) the output is shut down and the input drained for a moment before the socket closes: closing a socket
 * with unread input sends a reset, which can destroy responses the client has not read yet.
 */
final class LoopbackConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LoopbackConnection.class);
    /** Requests queued beyond this stop the reading until the worker caught up: a bound on a pipelining client. */
    private static final int MAX_QUEUED = 256;
    private static final long DRAIN_MILLIS = 2000;
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false); // the handlers' own headers: names and values are constants and numbers
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
            .withValidation(false);

    private final Routes routes;
    private final Executor workers;
    private final HttpLimits limits;
    private final Queue<Object> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedCount = new AtomicInteger();
    private final AtomicBoolean serving = new AtomicBoolean();
    private volatile Channel channel;
    private volatile Writability writability;
    /** Set once the connection carries a stream or is closing: no request is served on it anymore. */
    private volatile boolean done;
    /** Responses written on the event loop and not flushed yet (touched on the event loop only). */
    private boolean unflushed;
    /** Within a read, whose end flushes (touched on the event loop only). */
    private boolean reading;
    /** Set once a response goes on after its handler returned (SUBSCRIBE). */
    private volatile boolean streaming;

    LoopbackConnection(Routes routes, Executor workers, HttpLimits limits) {
        this.routes = routes;
        this.workers = workers;
        this.limits = limits;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        writability = new Writability(channel, limits.stallTimeout());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            // a closing connection takes no more requests; one behind a stream cannot get a response, so the
            // connection closes, which breaks the stream at its next write
            ReferenceCountUtil.release(msg);
            if (streaming) {
                ctx.close();
            }
            return;
        }
        reading = true;
        queued.add(msg);
        if (queuedCount.incrementAndGet() >= MAX_QUEUED) {
            ctx.channel().config().setAutoRead(false);
        }
        if (serving.compareAndSet(false, true)) {
            serve();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (writability != null) {
            writability.changed();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        Object msg;
        while ((msg = queued.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        if (writability != null) {
            writability.changed(); // a stream waiting to write learns that the connection is gone
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or a broken pipe: the client is gone
    }

    /**
     * Serves what is queued, in order, by whoever holds {@link #serving}: on the event loop as long as the
     * handlers never block, on a worker from the first one that may. A worker hands the connection back to the
     * event loop when the queue is empty, in a task that runs after its writes: a response served on the event
     * loop then never overtakes one a worker wrote.
     */
    private void serve() {
        boolean onEventLoop = channel.eventLoop().inEventLoop();
        while (true) {
            // Only the event loop adds and (on close) drains the queue: there a peek then a poll take the same one.
            Object msg = onEventLoop ? queued.peek() : queued.poll();
            if (msg == null) {
                if (!onEventLoop) {
                    channel.eventLoop().execute(this::stopServing);
                    return;
                }
                stopServing();
                return;
            }
            if (onEventLoop) {
                if (mayBlock(msg)) {
                    dispatchToWorker();
                    return;
                }
                queued.poll();
            }
            queuedCount.decrementAndGet();
            Outcome outcome;
            try {
                outcome = done ? Outcome.CLOSED : serveOne(msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            if (outcome == Outcome.CLOSED) {
                done = true;
            } else if (outcome == Outcome.PENDING) {
                return; // the exchange's end serves on (resume), holding serving until then
            }
        }
    }

    /** On the event loop: lets go of {@link #serving}, unless a request came meanwhile; reads again. */
    private void stopServing() {
        if (!done && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        if (reading) {
            unflushed = true; // the end of the read flushes: one write for the requests of a read
        } else {
            unflushed = false;
            channel.flush(); // the event loop's writes, and a worker's last ones
        }
        serving.set(false);
        if (!queued.isEmpty() && serving.compareAndSet(false, true)) {
            serve();
        }
    }

    private void dispatchToWorker() {
        try {
            workers.execute(this::serve);
        } catch (RejectedExecutionException stopping) {
            channel.close();
        }
    }

    /** After an answer given after its handler returned: the next requests are served, from the event loop. */
    private void resume() {
        channel.eventLoop().execute(this::serve);
    }

    private boolean mayBlock(Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            return false; // a rejection
        }
        String uri = request.uri();
        if (!uri.startsWith("/")) {
            return true; // an absolute form or worse: parsed, and routed, on a worker
        }
        int end = uri.indexOf('?');
        LoopbackHandler handler = routes.route(end < 0 ? uri : uri.substring(0, end));
        return handler != null && handler.mayBlock();
    }

    private enum Outcome { NEXT, PENDING, CLOSED }

    /** Serves one request: the next one can follow, or after this one's answer (pending), or never (closed). */
    private Outcome serveOne(Object msg) {
        if (msg instanceof Rejection rejection) {
            respond(text(rejection.status(), rejection.message(), false), false);
            return Outcome.CLOSED;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        URI uri;
        try {
            uri = RequestTargets.parse(request.uri());
        } catch (java.net.URISyntaxException e) {
            respond(text(400, "Bad request target: " + e.getMessage(), false), false);
            return Outcome.CLOSED;
        }
        LoopbackExchange exchange = new LoopbackExchange(request, uri, this);
        String path = uri.getPath() == null ? "" : uri.getPath();
        LoopbackHandler handler = routes.route(path);
        try {
            if (handler == null) {
                Responses.text(exchange, 404, "No endpoint at " + path);
            } else {
                runHandler(handler, exchange, request, path);
            }
        } catch (IOException e) {
            exchange.close();
            closeGracefully();
            return Outcome.CLOSED;
        }
        boolean detached = exchange.detach();
        if (detached && exchange.streams()) {
            streaming = true; // its writer ends it, and the connection with it
            return Outcome.CLOSED;
        }
        if (detached || exchange.deferred()) {
            // Answered by another thread, perhaps already: the next request is served in a task queued after
            // that answer's writes, so that its response cannot overtake it.
            exchange.whenEnded(() -> {
                if (exchange.reusable()) {
                    resume();
                } else {
                    done = true;
                }
            });
            return Outcome.PENDING;
        }
        return exchange.reusable() ? Outcome.NEXT : Outcome.CLOSED;
    }

    private void runHandler(LoopbackHandler handler, LoopbackExchange exchange, FullHttpRequest request,
            String path) throws IOException {
        try {
            handler.handle(exchange);
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.method(), path, e);
            if (exchange.started()) {
                exchange.close();
                closeGracefully();
                return;
            }
            Responses.text(exchange, 500, "Internal error: " + e);
        }
        if (!exchange.started() && !exchange.ended() && !exchange.deferred()) {
            log.error("{} {}: the handler returned without a response", request.method(), path);
            Responses.text(exchange, 500, "Internal error: no response");
        }
    }

    // --- what exchanges write with, from worker or stream threads ---

    HttpHeadersFactory headersFactory() {
        return HEADERS;
    }

    HttpHeadersFactory trailersFactory() {
        return TRAILERS;
    }

    ByteBuf alloc(int initialCapacity) {
        return channel.alloc().buffer(initialCapacity);
    }

    void write(Object msg, boolean flush) throws IOException {
        if (!channel.isActive()) {
            ReferenceCountUtil.release(msg);
            throw new IOException("Connection closed");
        }
        if (flush) {
            channel.writeAndFlush(msg, channel.voidPromise());
        } else {
            channel.write(msg, channel.voidPromise());
        }
    }

    void flush() {
        channel.flush();
    }

    /**
     * Writes the last message of a response: flushed unless another request is queued (its response will flush
     * both), and the connection closed after it unless {@code keepOpen}.
     */
    void respond(Object msg, boolean keepOpen) {
        if (!keepOpen) {
            done = true;
            channel.writeAndFlush(msg).addListener((ChannelFutureListener) f -> drainAndClose(f.channel()));
        } else if (channel.eventLoop().inEventLoop()) {
            channel.write(msg, channel.voidPromise());
            unflushed = true; // flushed once the read or the queue is done: one write for a burst
        } else if (queuedCount.get() > 0) {
            channel.write(msg, channel.voidPromise());
        } else {
            channel.writeAndFlush(msg, channel.voidPromise());
        }
    }

    /** Sends what was written, then closes as the class comment says. */
    void closeGracefully() {
        done = true;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> drainAndClose(
                f.channel()));
    }

    private static void drainAndClose(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        if (channel instanceof SocketChannel socket && !socket.isOutputShutdown()) {
            socket.shutdownOutput();
        }
        channel.config().setAutoRead(true); // read and drop (done) until the client closes, or for a moment
        channel.eventLoop().schedule(() -> channel.close(), DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Waits until the connection takes more output ({@link Writability#await}). */
    void awaitWritable() throws IOException {
        writability.await();
    }

    /** On the event loop: runs {@code then} once the connection takes more output ({@link Writability}). */
    void whenWritable(Runnable then) {
        writability.whenWritable(then);
    }

    /** Whether a write now would not pile up: also true once closed, where the write fails and says so. */
    boolean writable() {
        return writability.now();
    }

    io.netty.channel.EventLoop eventLoop() {
        return channel.eventLoop();
    }

    private static DefaultFullHttpResponse text(int status, String message, boolean keepAlive) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body), HEADERS, TRAILERS);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
