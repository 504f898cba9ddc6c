package io.ferry.executor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.wire.FerryEnv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the app's class endpoint ({@code GET /ferry/classes/<name>}) for tests: serves the class files of
 * {@code io.ferry.executor.testapp} from the test class path, checks the bearer token, and counts requests.
 */
final class ClassServer implements AutoCloseable {

    static final String PACKAGE = "io.ferry.executor.testapp.";
    static final String TOKEN = "test-token";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile int forcedStatus;
    private final CountDownLatch stall = new CountDownLatch(1);
    private volatile boolean stalling;

    ClassServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(FerryEnv.CLASSES_PATH, this::serve);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "class-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    /** Answers 404 for {@code className} although it exists. */
    ClassServer refuse(String className) {
        refused.add(className);
        return this;
    }

    /** Answers {@code status} to every request from now on. */
    ClassServer answerAlways(int status) {
        forcedStatus = status;
        return this;
    }

    /** Holds every request (at most 30 s) until the server closes. */
    ClassServer stall() {
        stalling = true;
        return this;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (stalling) {
                stall.await(30, TimeUnit.SECONDS);
            }
            if (forcedStatus != 0) {
                exchange.sendResponseHeaders(forcedStatus, -1);
                return;
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String name = exchange.getRequestURI().getPath().substring(FerryEnv.CLASSES_PATH.length());
            if (!name.startsWith(PACKAGE) || refused.contains(name)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try (InputStream in = ClassServer.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes = in.readAllBytes();
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stall.countDown();
        server.stop(0);
    }

    /**
     * A parent loader for the executor's {@link AppClassLoader} that sees everything the tests see except the
     * {@code testapp} package, as the real executor JVM (which has only its own jar) would.
     */
    static ClassLoader parentWithoutTestApp() {
        return new ClassLoader("without-testapp", ClassServer.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith(PACKAGE)) {
                    throw new ClassNotFoundException(name + " (hidden from the executor in this test)");
                }
                return super.loadClass(name, resolve);
            }
        };
    }
}
