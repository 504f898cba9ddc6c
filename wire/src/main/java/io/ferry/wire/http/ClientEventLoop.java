package io.ferry.wire.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The one event loop group of this JVM's HTTP client, and how its channels are set up.
 *
 * <p>One group for every lane and stream: a scheduler or an executor talks to one master or agent, and a
 * thread per connection (the old client's two) is what made system calls and wake-ups most of a task's cost. Its
 * size is the system property {@code io.ferry.http.threads} (default 1; not under {@code ferry.}, where every
 * key must be a property of Ferry's configuration), its threads are daemons named {@code ferry-http-N}, and it
 * lives as long as the JVM: there is nothing to close. Measured with the benchmark, a second thread made the
 * scheduler no faster.
 *
 * <p>The decoder is Netty's, strict: a response with both Content-Length and Transfer-Encoding, differing or
 * signed Content-Lengths, chunk data not followed by CRLF, or {@code chunked} not the last transfer coding is a
 * decoding error (RFC 9112 §6.3 lets a client reject the first; Netty does), and obs-fold is replaced by a space
 * (§5.2). Whitespace between a field name and its colon is removed, as §5.1 tells a proxy to. {@link ResponseRules}
 * turns those errors into the end of the connection. {@code ResponseConformanceTest} holds the table.
 *
 * <p>{@code https} goes through an {@code SslHandler} whose context trusts what the JDK trusts (its default trust
 * store, or {@code javax.net.ssl.trustStore}) and checks the host name like a browser (endpoint identification
 * "HTTPS"). A failed handshake is told by {@link TlsHandshakeFailure}. {@code TlsTest} runs it against a real TLS
 * server.
 */
final class ClientEventLoop {

    /** A response head larger than this is no Mesos response (the longest header Ferry reads is Location). */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_INITIAL_LINE = 4 * 1024;

    /** Whether Linux's epoll is used: cheaper per wake-up than NIO's selector; NIO where it cannot load. */
    static final boolean EPOLL = Epoll.isAvailable();
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
            Math.max(1, Integer.getInteger("io.ferry.http.threads", 1)),
            new DefaultThreadFactory("ferry-http", true),
            EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    private static volatile SslContext tls;
    /** Whether Netty's TLS is on the class path: the executor's jar leaves it out; an https call then fails. */
    private static final boolean TLS_PRESENT = present("io.netty.handler.ssl.SslHandler");

    private ClientEventLoop() {
    }

    /** The loop {@link HttpClientThread} hands out: the first of the group, the only one by default. */
    static final io.netty.channel.EventLoop FIRST = GROUP.next();

    /** An event loop of the group: a lane's, whose connections and timers all run on it. */
    static io.netty.channel.EventLoop next() {
        return GROUP.next();
    }

    /**
     * Connects a channel on {@code loop} to {@code uri}'s host and port, its pipeline the codec (after TLS for
     * {@code https}) and then {@code handlers}. The future's channel exists at once (so that another thread may
     * close it), connected or not.
     */
    static ChannelFuture connect(URI uri, EventLoopGroup loop, Duration connectTimeout, boolean autoRead,
                                 Consumer<ChannelPipeline> handlers) throws IOException {
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        if (!secure && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IOException("not an http or https URL: " + uri);
        }
        if (secure && !TLS_PRESENT) {
            throw new IOException("cannot call " + uri + ": this build leaves Netty's TLS out (the executor's jar,"
                    + " which speaks http to its agent)");
        }
        String host = uri.getHost();
        int port = port(uri);
        SslContext context = secure ? tls() : null;
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, autoRead)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (context != null) {
                            p.addLast("tls", context.newHandler(ch.alloc(), host, port));
                            p.addLast("tls-failure", new TlsHandshakeFailure());
                        }
                        p.addLast("decoder", new HttpResponseDecoder(new HttpDecoderConfig()
                                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                                .setMaxHeaderSize(MAX_HEADER_BYTES)
                                .setMaxChunkSize(64 * 1024)
                                .setStrictLineParsing(true)
                                .setAllowDuplicateContentLengths(false)));
                        p.addLast("encoder", new HttpRequestEncoder());
                        p.addLast("rules", new ResponseRules());
                        handlers.accept(p);
                    }
                });
        return bootstrap.connect(host, port);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ClientEventLoop.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Host and port as the Host header has them. */
    static String hostHeader(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    private static SslContext tls() throws IOException {
        SslContext context = tls;
        if (context == null) {
            synchronized (ClientEventLoop.class) {
                context = tls;
                if (context == null) {
                    try {
                        // No trust manager given: the JDK's default one (its cacerts, or javax.net.ssl.trustStore).
                        context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                                .endpointIdentificationAlgorithm("HTTPS").build();
                    } catch (SSLException e) {
                        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
                    }
                    tls = context;
                }
            }
        }
        return context;
    }
}
