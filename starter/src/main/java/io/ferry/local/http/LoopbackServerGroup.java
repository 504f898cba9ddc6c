package io.ferry.local.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every loopback server of one local cluster shares (master, standby and agents): one Netty event-loop
 * group that does all socket I/O and HTTP framing and runs the handlers that never block, and a bounded pool for
 * those that may ({@code /state} waits for an agent's loop, {@code /files} reads files), which the event loop
 * must not run.
 *
 * <p>Linux's epoll where its native library loads, as the HTTP client does (a little cheaper per wake-up than NIO's
 * selector); NIO elsewhere.
 */
public final class LoopbackServerGroup implements AutoCloseable {

    private static final boolean EPOLL = Epoll.isAvailable();

    private final HttpLimits limits;
    private final EventLoopGroup eventLoops;
    private final io.netty.channel.EventLoop shared;
    private final ThreadPoolExecutor workers;

    public LoopbackServerGroup(HttpLimits limits) {
        this.limits = limits;
        this.eventLoops = new MultiThreadIoEventLoopGroup(limits.eventLoopThreads(), daemons("ferry-local-io"),
                EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.shared = eventLoops.next();
        // A fixed number of threads, idle ones ending: each task serves one connection's queued requests, so the
        // queue is bounded by the number of connections.
        this.workers = new ThreadPoolExecutor(limits.workerThreads(), limits.workerThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("ferry-local-http"));
        workers.allowCoreThreadTimeOut(true);
    }

    HttpLimits limits() {
        return limits;
    }

    Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    EventLoopGroup eventLoops() {
        return eventLoops;
    }

    /**
     * One event loop of the group, as a plain executor for other work that never blocks: the local cluster's master
     * and agents run there. With one event-loop thread (the default) it is the thread that serves every connection,
     * so a call is read, handled and the events it causes written without a hand-off to another thread.
     */
    public ScheduledExecutorService sharedThread() {
        return shared;
    }

    /** Whether the caller runs on {@link #sharedThread()}. */
    public boolean inSharedThread() {
        return shared.inEventLoop();
    }

    ExecutorService workers() {
        return workers;
    }

    /** Stops the threads; the servers of the group should have been stopped first. Waits two seconds at most. */
    @Override
    public void close() {
        workers.shutdownNow();
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
