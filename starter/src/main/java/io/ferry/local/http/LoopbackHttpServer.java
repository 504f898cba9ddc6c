package io.ferry.local.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 server of the local cluster's masters and agents, on Netty: the group's event loops read, decode
 * and write; requests, whole, are served in order by the group's workers (keep-alive and pipelining, as
 * libprocess serves them). What Ferry adds to Netty's codec is in {@link RequestDecoder} and {@link RequestGuard}.
 *
 * <p>The pipeline: an idle timer over the raw input (for half-sent requests), the decoder, the response encoder,
 * the guard, the aggregator (whole bodies: calls are small, and the guard bounds them), the connection.
 * Netty's {@code HttpServerCodec} is not used because it hides its decoder, whose knowledge of a partial request
 * the timeout needs; the plain encoder is enough, since handlers set the framing headers of every response.
 */
final class LoopbackHttpServer {

    private static final long STOP_WAIT_MILLIS = 2000;
    /** Writers wait while more than the high mark is unsent and go on below the low one. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final Channel listener;
    private final ChannelGroup connections;

    private LoopbackHttpServer(Channel listener, ChannelGroup connections) {
        this.listener = listener;
        this.connections = connections;
    }

    /** Binds {@code host:port} (0: an ephemeral port) and serves {@code routes} (path prefix to handler). */
    static LoopbackHttpServer start(LoopbackServerGroup group, String host, int port,
            Map<String, LoopbackHandler> routes) throws IOException {
        HttpLimits limits = group.limits();
        Routes table = new Routes(routes);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE, true);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group.eventLoops())
                .channel(group.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true) // a restarted agent binds its port while old sockets linger
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        RequestDecoder decoder = new RequestDecoder(limits);
                        ChannelPipeline pipeline = ch.pipeline();
                        pipeline.addLast(new IdleStateHandler(limits.requestTimeout().toMillis(), 0, 0,
                                TimeUnit.MILLISECONDS));
                        pipeline.addLast(decoder);
                        pipeline.addLast(new HttpResponseEncoder());
                        pipeline.addLast(new RequestGuard(decoder, limits));
                        pipeline.addLast(new HttpObjectAggregator(limits.maxBodyBytes()));
                        pipeline.addLast(new LoopbackConnection(table, group.workers(), limits));
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("Cannot bind " + host + ":" + port, cause);
        }
        return new LoopbackHttpServer(bound.channel(), connections);
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Closes the listening socket and every connection, streams included; waits (boundedly) so that the port
     * refuses connections once this returns.
     */
    void stop() {
        listener.close().awaitUninterruptibly(STOP_WAIT_MILLIS);
        connections.close().awaitUninterruptibly(STOP_WAIT_MILLIS);
    }
}
