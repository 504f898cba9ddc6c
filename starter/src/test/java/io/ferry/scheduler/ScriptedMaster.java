package io.ferry.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A scripted stand-in for a master, for unit tests of the scheduler's HTTP side (redirects, bad streams): each
 * SUBSCRIBE is answered by a script that writes raw bytes; every other call is recorded and answered 202. An
 * assertion that fails in a script fails the test when the master is closed. The real protocol partner of the
 * end-to-end tests is the local cluster, not this.
 */
final class ScriptedMaster implements AutoCloseable {

    /** Writes the body of one SUBSCRIBE answer; the stream ends when it returns. */
    interface Script {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<Call> subscribeCalls = new CopyOnWriteArrayList<>();
    final BlockingQueue<Call> callQueue = new LinkedBlockingQueue<>();
    /** Calls of this type are read and recorded, then the connection is closed without an answer. */
    volatile Call.Type unanswered;
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Assertions that failed inside a script, on the server's thread: {@link #close()} reports them. */
    private final List<AssertionError> scriptFailures = new CopyOnWriteArrayList<>();

    ScriptedMaster(Function<Integer, Script> scripts) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-master");
            t.setDaemon(true);
            return t;
        }));
        int[] subscribes = {0};
        server.createContext(MesosHttp.SCHEDULER_PATH, exchange -> {
            try (exchange) {
                Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
                if (call.getType() == Call.Type.SUBSCRIBE) {
                    subscribeCalls.add(call);
                    Script script;
                    synchronized (subscribes) {
                        script = scripts.apply(subscribes[0]++);
                    }
                    stream(exchange, script);
                } else {
                    boolean answer = call.getType() != unanswered; // decided before a test can see the call
                    synchronized (calls) {
                        calls.add(call);
                        calls.notifyAll();
                    }
                    callQueue.add(call);
                    if (!answer) {
                        return; // closing the exchange unanswered closes the connection
                    }
                    exchange.sendResponseHeaders(202, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (AssertionError e) {
                scriptFailures.add(e);
                throw e;
            }
        });
        server.start();
    }

    private static void stream(HttpExchange exchange, Script script) throws IOException, InterruptedException {
        exchange.getResponseHeaders().add("Content-Type", MesosHttp.PROTOBUF);
        exchange.getResponseHeaders().add(MesosHttp.STREAM_ID, "stream-1");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        script.write(out);
        out.flush();
    }

    static void event(OutputStream out, Event event) throws IOException {
        out.write(RecordIo.frame(event.toByteArray()));
        out.flush();
    }

    Call awaitCall(Call.Type type, long seconds) throws InterruptedException {
        return awaitCall(type, seconds, call -> true);
    }

    /** The next call of {@code type} that {@code matches}; calls of other kinds or not matching are skipped. */
    Call awaitCall(Call.Type type, long seconds, java.util.function.Predicate<Call> matches)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            Call call = callQueue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (call == null) {
                throw new AssertionError("no " + type + " call within " + seconds + " s; calls: "
                        + calls.stream().map(Call::getType).toList());
            }
            if (call.getType() == type && matches.test(call)) {
                return call;
            }
        }
    }

    /**
     * Waits until {@code n} calls of {@code type} were recorded (whatever {@link #awaitCall} took meanwhile).
     *
     * @return how many there are then: more than {@code n} if more came
     */
    int awaitCount(Call.Type type, int n, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (calls) {
            while (true) {
                int count = (int) calls.stream().filter(c -> c.getType() == type).count();
                if (count >= n) {
                    return count;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(count + " " + type + " call(s) within " + seconds + " s, expected " + n);
                }
                TimeUnit.NANOSECONDS.timedWait(calls, left);
            }
        }
    }

    /**
     * Keeps a SUBSCRIBE answer open, as a master's event stream stays open, until this master is closed (at most a
     * minute, longer than any test here).
     */
    void holdOpen() throws InterruptedException {
        closing.await(60, TimeUnit.SECONDS);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        if (!scriptFailures.isEmpty()) {
            // Otherwise a failed check of the master's side would only show as the test's own wait timing out.
            AssertionError failure = new AssertionError("a master script failed: " + scriptFailures.get(0).getMessage(),
                    scriptFailures.get(0));
            scriptFailures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
