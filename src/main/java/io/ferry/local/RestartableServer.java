package io.ferry.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A loopback HTTP server that can stop and start again on the same port: the process of a master or an agent
 * that restarts. Stopping closes the listening socket and every connection, streams included, so clients see
 * what they see when a Mesos process dies: broken streams, then refused connections.
 */
final class RestartableServer {

    /** How long a restart tries to bind the port again (another process may hold it for a moment). */
    private static final long REBIND_NANOS = 10_000_000_000L;

    private final String host;
    private final Executor threads;
    private final Consumer<HttpServer> contexts;
    private final int port;
    private HttpServer server;

    private RestartableServer(String host, Executor threads, Consumer<HttpServer> contexts, HttpServer server) {
        this.host = host;
        this.threads = threads;
        this.contexts = contexts;
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    /** Starts on an ephemeral port; {@code contexts} adds the handlers, again at every start. */
    static RestartableServer start(String host, Executor threads, Consumer<HttpServer> contexts) throws IOException {
        HttpServer server = create(host, 0, threads, contexts);
        server.start();
        return new RestartableServer(host, threads, contexts, server);
    }

    int port() {
        return port;
    }

    synchronized boolean running() {
        return server != null;
    }

    /** Closes the listening socket and every open connection at once. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Binds the same port again and serves; returns once it accepts connections. */
    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        long deadline = System.nanoTime() + REBIND_NANOS;
        while (true) {
            try {
                server = create(host, port, threads, contexts);
                server.start();
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

    private static HttpServer create(String host, int port, Executor threads, Consumer<HttpServer> contexts)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.setExecutor(threads);
        contexts.accept(server);
        return server;
    }
}
