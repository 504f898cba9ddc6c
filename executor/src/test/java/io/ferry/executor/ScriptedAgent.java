package io.ferry.executor;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIo;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays a Mesos agent's executor API ({@code docs/mesos-notes.md} §3) on loopback for tests: answers SUBSCRIBE with
 * a protobuf RecordIO stream into which the test pushes events, records every call, answers other calls 202, and
 * (unless told otherwise) ACKNOWLEDGEs each UPDATE on the stream, as a real agent does once it stored it.
 */
final class ScriptedAgent implements AutoCloseable {

    static final String AGENT_ID = "agent-S0";
    static final String FRAMEWORK_ID = "framework-0000";
    static final String EXECUTOR_ID = "ferry-executor-S0";
    private static final byte[] END = new byte[0];

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private volatile BlockingQueue<byte[]> stream;
    private volatile boolean acknowledging = true;
    private volatile boolean accepting = true;
    private final java.util.concurrent.atomic.AtomicInteger failingUpdates = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Call> rejected = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String token;
    private volatile boolean closed;

    ScriptedAgent() {
        this(0);
    }

    /** An agent on {@code port} of loopback (0: any free one); a restarted agent comes back on its old port. */
    ScriptedAgent(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(MesosHttp.EXECUTOR_PATH, this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-agent");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String endpoint() {
        return "127.0.0.1:" + port();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Whether UPDATEs are acknowledged on the stream as they arrive (default yes). */
    void acknowledging(boolean on) {
        acknowledging = on;
    }

    /**
     * Whether SUBSCRIBE is accepted; if not it gets 503, as from an agent that is still recovering
     * (docs/mesos-notes.md §1.4).
     */
    void accepting(boolean on) {
        accepting = on;
    }

    /** Answers the next {@code n} UPDATE calls with 503 (and records them in {@link #rejected()}). */
    void failUpdates(int n) {
        failingUpdates.set(n);
    }

    List<Call> rejected() {
        return rejected;
    }

    /** Requires {@code Authorization: Bearer <token>} on every call from now on (401 otherwise). */
    void requireToken(String token) {
        this.token = token;
    }

    /** Pushes {@code event} onto the current stream. */
    void send(Event event) {
        BlockingQueue<byte[]> s = stream;
        if (s == null) {
            throw new IllegalStateException("no subscription stream is open");
        }
        s.add(RecordIo.frame(event.toByteArray()));
    }

    /** Pushes {@code bytes} as they are onto the current stream: broken framing, garbage records. */
    void sendRaw(byte[] bytes) {
        BlockingQueue<byte[]> s = stream;
        if (s == null) {
            throw new IllegalStateException("no subscription stream is open");
        }
        s.add(bytes.clone());
    }

    /** Ends the current stream, as an agent that restarts would. */
    void dropStream() {
        BlockingQueue<byte[]> s = stream;
        if (s != null) {
            s.add(END);
        }
    }

    /** Waits (at most 20 s) for the {@code nth} call (1-based) matching {@code predicate}. */
    Call await(Predicate<Call> predicate, int nth) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        synchronized (calls) {
            while (true) {
                List<Call> matching = calls.stream().filter(predicate).toList();
                if (matching.size() >= nth) {
                    return matching.get(nth - 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no call #" + nth + " of the expected kind within 20 s; calls so far: "
                            + calls.stream().map(ScriptedAgent::describe).toList());
                }
                calls.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    Call await(Predicate<Call> predicate) throws InterruptedException {
        return await(predicate, 1);
    }

    /** The calls so far that match {@code predicate}. */
    List<Call> calls(Predicate<Call> predicate) {
        synchronized (calls) {
            return calls.stream().filter(predicate).toList();
        }
    }

    static Predicate<Call> subscribe() {
        return c -> c.getType() == Call.Type.SUBSCRIBE;
    }

    static Predicate<Call> message() {
        return c -> c.getType() == Call.Type.MESSAGE;
    }

    static Predicate<Call> update(String taskId, TaskState state) {
        return c -> c.getType() == Call.Type.UPDATE && c.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                && c.getUpdate().getStatus().getState() == state;
    }

    static Predicate<Call> updateOf(String taskId) {
        return c -> c.getType() == Call.Type.UPDATE && c.getUpdate().getStatus().getTaskId().getValue().equals(taskId);
    }

    static String describe(Call c) {
        return c.getType() == Call.Type.UPDATE
                ? "UPDATE " + c.getUpdate().getStatus().getTaskId().getValue() + " " + c.getUpdate().getStatus().getState()
                : c.getType().toString();
    }

    // --- events -------------------------------------------------------------------------------------------------

    static Event subscribed() {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setExecutorInfo(ExecutorInfo.newBuilder()
                        .setExecutorId(ExecutorID.newBuilder().setValue(EXECUTOR_ID))
                        .setCommand(CommandInfo.newBuilder().setValue("sh ferry-executor.sh")))
                .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("ferry").setName("ferry")
                        .setId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID)))
                .setAgentInfo(AgentInfo.newBuilder().setHostname("localhost").setPort(5051)
                        .setId(AgentID.newBuilder().setValue(AGENT_ID)))
                .setContainerId(ContainerID.newBuilder().setValue("container-1"))).build();
    }

    static TaskInfo task(String taskId, byte[] data) {
        return TaskInfo.newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId))
                .setAgentId(AgentID.newBuilder().setValue(AGENT_ID)).setData(ByteString.copyFrom(data)).build();
    }

    static Event launch(String taskId, byte[] data) {
        return Event.newBuilder().setType(Event.Type.LAUNCH)
                .setLaunch(Event.Launch.newBuilder().setTask(task(taskId, data))).build();
    }

    static Event kill(String taskId) {
        return Event.newBuilder().setType(Event.Type.KILL)
                .setKill(Event.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))).build();
    }

    static Event shutdown() {
        return Event.newBuilder().setType(Event.Type.SHUTDOWN).build();
    }

    static Event acknowledged(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(Event.Acknowledged.newBuilder()
                .setTaskId(status.getTaskId()).setUuid(status.getUuid())).build();
    }

    // --- HTTP ---------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!MesosHttp.PROTOBUF.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            String required = token;
            if (required != null && !("Bearer " + required).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
            if (call.getType() == Call.Type.UPDATE && failingUpdates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                rejected.add(call);
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (call.getType() == Call.Type.SUBSCRIBE) {
                if (!accepting) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                stream(exchange, call);
                return;
            }
            if (call.getType() == Call.Type.UPDATE && call.getUpdate().getStatus().getUuid().size() != 16) {
                exchange.sendResponseHeaders(400, -1); // the agent requires a 16-byte uuid (docs/mesos-notes.md §1.4)
                return;
            }
            record(call);
            exchange.sendResponseHeaders(202, -1);
            if (call.getType() == Call.Type.UPDATE && acknowledging) {
                BlockingQueue<byte[]> s = stream;
                if (s != null) {
                    s.add(RecordIo.frame(acknowledged(call.getUpdate().getStatus()).toByteArray()));
                }
            }
        }
    }

    private void stream(HttpExchange exchange, Call call) throws IOException {
        BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> previous = stream;
        if (previous != null) {
            previous.add(END); // a new subscription closes the older one (docs/mesos-notes.md §1.5)
        }
        stream = queue;
        record(call);
        exchange.getResponseHeaders().set("Content-Type", MesosHttp.PROTOBUF);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            while (!closed) {
                byte[] frame = queue.poll(100, TimeUnit.MILLISECONDS);
                if (frame == END) {
                    break;
                }
                if (frame != null) {
                    out.write(frame);
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (stream == queue) {
                stream = null;
            }
        }
    }

    private void record(Call call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
