package io.ferry.local.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 server of the local cluster's masters and agents: a thread per connection that reads a request,
 * runs its handler and responds, in order, many requests per connection (keep-alive and pipelining, as libprocess
 * serves them).
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: per request it moves the connection between its selector
 * and a worker thread (two epoll changes, two blocking-mode switches and a thread hand-off), and it writes every
 * response on its own. Profiled under 256 tasks in flight, that server was over a third of the CPU of the whole
 * local cluster. Here a connection's thread handles its requests itself, and responses to pipelined requests are
 * flushed together once no request is waiting. The clients are few (schedulers, executors, a browser), so a
 * thread per connection is cheap.
 */
final class LoopbackHttpServer {

    private static final Logger log = LoggerFactory.getLogger(LoopbackHttpServer.class);
    /** A request body the handler left unread is skipped up to this size; beyond it the connection closes. */
    private static final long MAX_SKIPPED_BODY = 1 << 20;
    private static final int BUFFER = 16 * 1024;
    private static final long STOP_WAIT_NANOS = 2_000_000_000L;
    /** How long a closing connection waits for the client's unread bytes, so that its close is not a reset. */
    private static final int DRAIN_MILLIS = 2000;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket listener;
    /** Path prefixes, longest first: the longest matching prefix routes a request, as the JDK server does. */
    private final List<Map.Entry<String, LoopbackHandler>> routes;
    private final Map<Socket, Thread> connections = new ConcurrentHashMap<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean stopped;

    private LoopbackHttpServer(ServerSocket listener, Map<String, LoopbackHandler> routes) {
        this.listener = listener;
        this.routes = routes.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, LoopbackHandler> e) -> e.getKey().length())
                        .reversed())
                .toList();
        this.acceptor = new Thread(this::accept, "ferry-local-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Binds {@code host:port} (0: an ephemeral port) and serves {@code routes} (path prefix to handler). */
    static LoopbackHttpServer start(String host, int port, Map<String, LoopbackHandler> routes) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true); // a restarted agent binds its port again while old sockets linger
            listener.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        LoopbackHttpServer server = new LoopbackHttpServer(listener, routes);
        server.acceptor.start();
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * Closes the listening socket and every connection, streams included; waits (boundedly) for their threads,
     * so that the port refuses connections once this returns (the JDK closes a socket blocked in accept lazily).
     */
    void stop() {
        stopped = true;
        closeQuietly(listener);
        connections.keySet().forEach(LoopbackHttpServer::closeQuietly);
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        List<Thread> threads = new java.util.ArrayList<>(connections.values());
        threads.add(acceptor);
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (thread != Thread.currentThread() && left > 0) {
                try {
                    thread.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void accept() {
        while (!stopped) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!stopped) {
                    log.warn("Local cluster port {} stopped accepting connections: {}", port(), e.toString());
                }
                return;
            }
            Thread thread = new Thread(() -> serve(socket),
                    "ferry-local-http-" + port() + "-" + connectionCount.incrementAndGet());
            thread.setDaemon(true);
            connections.put(socket, thread);
            if (stopped) { // stop() may have run between accept and put
                closeQuietly(socket);
                connections.remove(socket);
                return;
            }
            thread.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            ConnectionInput in = new ConnectionInput(socket.getInputStream(), BUFFER);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            try {
                while (!stopped && serveOne(socket, in, out)) {
                    if (in.available() == 0) {
                        out.flush(); // nothing pipelined behind: send the responses
                    }
                }
            } finally {
                closeGracefully(socket, in, out);
            }
        } catch (IOException gone) {
            // the client went away or the server stops: no response to send anymore
        } finally {
            connections.remove(socket);
        }
    }

    /** Serves the next request; returns whether the connection can carry another one. */
    private boolean serveOne(Socket socket, ConnectionInput in, OutputStream out) throws IOException {
        RequestHead head;
        long length;
        try {
            head = RequestHead.read(in);
            if (head == null) {
                return false;
            }
            length = head.bodyLength();
        } catch (RequestHead.MalformedRequestException e) {
            refuse(out, e.getMessage());
            return false;
        }
        if (head.expectsContinue() && length != 0) {
            out.write(CONTINUE);
            out.flush();
        }
        RequestBody body = RequestBody.of(in, length);
        LoopbackExchange exchange = new LoopbackExchange(head, body, out, () -> {
            try {
                out.flush();
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(socket);
        });
        LoopbackHandler handler = route(head.uri().getPath());
        if (handler == null) {
            Responses.text(exchange, 404, "No endpoint at " + head.uri().getPath());
        } else {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                log.error("{} {} failed", head.method(), head.uri().getPath(), e);
                if (exchange.started()) {
                    return false;
                }
                Responses.text(exchange, 500, "Internal error: " + e);
            }
            if (!exchange.started()) {
                log.error("{} {}: the handler returned without a response", head.method(), head.uri().getPath());
                Responses.text(exchange, 500, "Internal error: no response");
            }
        }
        if (exchange.detach()) {
            awaitClientGone(in);
            return false;
        }
        return exchange.reusable() && body.skipRest(MAX_SKIPPED_BODY);
    }

    /**
     * While another thread streams the response (SUBSCRIBE), the client sends nothing more: a read that ends
     * means it went away, and a byte (a request pipelined behind a stream) cannot get a response. Either way the
     * connection then closes, which makes the stream's next write fail at once. The stream's end closes the
     * socket too, which ends this read.
     */
    private static void awaitClientGone(InputStream in) {
        try {
            in.read();
        } catch (IOException closed) {
            // closed by either side
        }
    }

    /**
     * Sends what is buffered before closing, whatever ended the connection (responses to earlier pipelined
     * requests may still be buffered), then lets the client's unread bytes drain for a moment: closing a socket
     * with unread input sends a reset, which can destroy responses the client has not read yet.
     */
    private static void closeGracefully(Socket socket, InputStream in, OutputStream out) {
        if (socket.isClosed()) {
            return;
        }
        try {
            out.flush();
            socket.shutdownOutput();
            socket.setSoTimeout(DRAIN_MILLIS);
            byte[] sink = new byte[BUFFER];
            long drained = 0;
            int n;
            while (drained < MAX_SKIPPED_BODY && (n = in.read(sink, 0, sink.length)) >= 0) {
                drained += n;
            }
        } catch (IOException gone) {
            // the client closed first, or stays silent: close anyway
        }
    }

    private LoopbackHandler route(String path) {
        for (Map.Entry<String, LoopbackHandler> route : routes) {
            if (path.startsWith(route.getKey())) {
                return route.getValue();
            }
        }
        return null;
    }

    /** A 400 for bytes that are not a request; the connection cannot be trusted after them. */
    private static void refuse(OutputStream out, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
