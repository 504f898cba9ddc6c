package io.ferry.local.http;

import java.io.IOException;
import java.net.BindException;
import java.util.Map;

/**
 * A loopback HTTP server that can stop and start again on the same port: the process of a master or an agent
 * that restarts. Stopping closes the listening socket and every connection, streams included, so clients see
 * what they see when a Mesos process dies: broken streams, then refused connections.
 */
public final class RestartableServer {

    /** How long a restart tries to bind the port again (another process may hold it for a moment). */
    private static final long REBIND_NANOS = 10_000_000_000L;

    private final LoopbackServerGroup group;
    private final String host;
    private final Map<String, LoopbackHandler> routes;
    private final int port;
    private LoopbackHttpServer server;

    private RestartableServer(LoopbackServerGroup group, String host, Map<String, LoopbackHandler> routes,
            LoopbackHttpServer server) {
        this.group = group;
        this.host = host;
        this.routes = Map.copyOf(routes);
        this.server = server;
        this.port = server.port();
    }

    /**
     * Starts on an ephemeral port, serving {@code routes} (path prefix to handler) at every start, on the threads
     * of {@code group}.
     */
    public static RestartableServer start(LoopbackServerGroup group, String host, Map<String, LoopbackHandler> routes)
            throws IOException {
        return new RestartableServer(group, host, routes, LoopbackHttpServer.start(group, host, 0, routes));
    }

    public int port() {
        return port;
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Closes the listening socket and every open connection at once. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Binds the same port again and serves; returns once it accepts connections. */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        long deadline = System.nanoTime() + REBIND_NANOS;
        while (true) {
            try {
                server = LoopbackHttpServer.start(group, host, port, routes);
                return;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw new BindException("Port " + port + " is still in use: " + e.getMessage());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while binding port " + port, interrupted);
                }
            }
        }
    }
}
