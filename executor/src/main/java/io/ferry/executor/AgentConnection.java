package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.wire.ExecutorHello;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.http.StreamingPost;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The executor's side of the Mesos v1 executor API ({@code docs/mesos-notes.md} §3) at
 * {@code http://$MESOS_AGENT_ENDPOINT/api/v1/executor}, in binary protobuf.
 *
 * <p>{@link #run()} subscribes and reads the event stream (RecordIO, one {@code Event} per record, at most
 * {@link #MAX_EVENT_BYTES}) until the executor is done. SUBSCRIBED, ACKNOWLEDGED, ERROR and HEARTBEAT are handled
 * here; LAUNCH, LAUNCH_GROUP, KILL, MESSAGE and SHUTDOWN go to the consumer given at construction. Events are
 * decoded and handled on the HTTP client's event loop as they come (the consumer must not block); the thread that
 * runs {@link #run()} subscribes, and waits while a stream lasts. Other calls go through {@link AgentCalls}, on a connection of their own (§1.5).
 *
 * <p><b>Reliability.</b> Every update gets a fresh 16-byte uuid and is kept until the agent ACKNOWLEDGEs it
 * (§3.3); launched tasks are kept until one of their updates is acknowledged. A resubscription lists both
 * (§3.1). Updates made while disconnected are only kept; those made after a SUBSCRIBE left but before its
 * SUBSCRIBED arrived are sent once it does.
 *
 * <p><b>Disconnection</b> (§3.5): with {@code MESOS_CHECKPOINT=0} the executor exits
 * ({@link ExitCode#AGENT_LOST}); with {@code 1} it keeps its tasks running, resubscribes after a random wait in
 * [0, {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}] and gives up after {@code MESOS_RECOVERY_TIMEOUT}
 * ({@link ExitCode#RECOVERY_TIMEOUT}). A malformed record, one over {@link #MAX_EVENT_BYTES} (refused before it is
 * allocated), a record that is no {@code Event}, or an event a handler throws on all count as a disconnection: the
 * stream cannot be trusted past them, and reading on could only guess. Before the first SUBSCRIBED (agent not ready yet) it always retries, for at most
 * {@link #FIRST_SUBSCRIBE_WINDOW} without checkpointing, since the agent gives up on it after its registration
 * timeout (1 min by default) anyway. The agent's HEARTBEAT comes every 30 minutes, too seldom to detect a dead
 * agent; a broken TCP connection does that.
 */
final class AgentConnection {

    private static final Logger LOG = Logger.getLogger(AgentConnection.class.getName());

    /** Largest event accepted: LAUNCH and LAUNCH_GROUP carry serialized tasks, which are far smaller. */
    static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;
    static final Duration FIRST_SUBSCRIBE_WINDOW = Duration.ofMinutes(1);

    private enum StreamEnd { LOST_BEFORE_SUBSCRIBED, LOST_AFTER_SUBSCRIBED, FATAL }

    private final ExecutorConfig config;
    private final Consumer<Event> taskEvents;
    private final URI uri;
    private final AgentCalls calls;
    private final Unacknowledged unacknowledged = new Unacknowledged();

    private final Object lock = new Object();
    // Guarded by lock:
    private long generation;
    private boolean subscribed;
    private AgentID agentId;
    private Set<ByteString> listedInSubscribe = Set.of();

    /** Failed subscription attempts since the last SUBSCRIBED; only attempts 1, 2, 4, 8, ... are logged. */
    private int failedAttempts;
    private volatile boolean finished;
    private volatile int exitCode;
    private volatile Thread reader;
    /** The stream's socket, or the stream once it is open: what {@link #finish} closes to end a read. */
    private volatile java.io.Closeable stream;

    /**
     * @param config     the executor's configuration
     * @param taskEvents receives LAUNCH, LAUNCH_GROUP, KILL, MESSAGE and SHUTDOWN on the HTTP client's event loop
     */
    AgentConnection(ExecutorConfig config, Consumer<Event> taskEvents) {
        this.config = Objects.requireNonNull(config, "config");
        this.taskEvents = Objects.requireNonNull(taskEvents, "taskEvents");
        this.uri = config.executorApi();
        this.calls = new AgentCalls(config);
    }

    /** Subscribes and handles events until {@link #finish} or until the agent is given up; returns the exit code. */
    int run() {
        reader = Thread.currentThread();
        boolean everSubscribed = false;
        long lostAt = System.nanoTime();
        while (!finished) {
            StreamEnd end = subscribeAndRead();
            if (finished) {
                break;
            }
            if (end == StreamEnd.FATAL) {
                return ExitCode.CREDENTIALS_REFUSED.code();
            }
            if (end == StreamEnd.LOST_AFTER_SUBSCRIBED) {
                everSubscribed = true;
                lostAt = System.nanoTime();
                if (!config.checkpoint()) {
                    LOG.warning("lost the connection to the agent at " + uri + "; MESOS_CHECKPOINT=0, so exiting");
                    return ExitCode.AGENT_LOST.code();
                }
            }
            Duration window = config.checkpoint() ? config.recoveryTimeout() : FIRST_SUBSCRIBE_WINDOW;
            long left = window.toNanos() - (System.nanoTime() - lostAt);
            if (left <= 0) {
                ExitCode code = everSubscribed ? ExitCode.RECOVERY_TIMEOUT : ExitCode.AGENT_LOST;
                LOG.severe("could not " + (everSubscribed ? "resubscribe" : "subscribe") + " to the agent at " + uri
                        + " within " + window.toMillis() + " ms" + (config.checkpoint() ? " (MESOS_RECOVERY_TIMEOUT)" : "")
                        + "; exiting with code " + code.code() + " (" + code + ")");
                return code.code();
            }
            // §3.5: a random wait in [0, MESOS_SUBSCRIPTION_BACKOFF_MAX], so that the executors of a restarted
            // agent do not all come back at once; never past the deadline, which is checked once more after it.
            long maxWait = Math.min(Math.max(config.backoffMax().toMillis(), 10), left / 1_000_000 + 1);
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(maxWait + 1));
            } catch (InterruptedException e) {
                // finish() interrupts; the loop condition decides
            }
        }
        return exitCode;
    }

    /** Ends {@link #run()} with {@code code}; safe from any thread. */
    void finish(int code) {
        exitCode = code;
        finished = true;
        Thread t = reader;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
        java.io.Closeable s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing only to unblock the reader
            }
        }
    }

    /** Waits until the agent acknowledged every update sent so far, at most {@code timeout}. */
    boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
        return unacknowledged.awaitNoUpdates(System.nanoTime() + timeout.toNanos());
    }

    Unacknowledged unacknowledged() {
        return unacknowledged;
    }

    /** Sends {@code update} as a status update (now, or with the next SUBSCRIBE while disconnected). */
    void update(TaskUpdate update) {
        UUID u = UUID.randomUUID();
        ByteString uuid = ByteString.copyFrom(ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).flip());
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(update.taskId()))
                .setState(update.state())
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(uuid)
                .setExecutorId(calls.executorId())
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        if (!update.data().isEmpty()) {
            status.setData(update.data());
        }
        if (update.message() != null) {
            status.setMessage(update.message());
        }
        synchronized (lock) {
            if (agentId != null) {
                status.setAgentId(agentId);
            }
            Call.Update call = Call.Update.newBuilder().setStatus(status).build();
            unacknowledged.addUpdate(call);
            if (subscribed) {
                send(call, generation);
            }
        }
    }

    /** Handles one event; returns {@code false} when the stream must be dropped (ERROR). */
    boolean handle(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> onSubscribed(event.getSubscribed());
            case LAUNCH -> {
                unacknowledged.addTask(event.getLaunch().getTask());
                taskEvents.accept(event);
            }
            case LAUNCH_GROUP -> {
                for (TaskInfo task : event.getLaunchGroup().getTaskGroup().getTasksList()) {
                    unacknowledged.addTask(task);
                }
                taskEvents.accept(event);
            }
            case KILL, MESSAGE, SHUTDOWN -> taskEvents.accept(event);
            case ACKNOWLEDGED -> unacknowledged.acknowledge(event.getAcknowledged().getTaskId(),
                    event.getAcknowledged().getUuid());
            case ERROR -> {
                // §3.2: abort and resubscribe.
                LOG.warning("the agent sent ERROR: " + event.getError().getMessage() + "; dropping the stream");
                return false;
            }
            case HEARTBEAT -> {
                // §3.2: every 30 minutes; nothing to do.
            }
            default -> LOG.fine("ignoring event " + event.getType());
        }
        return true;
    }

    private StreamEnd subscribeAndRead() {
        Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder();
        synchronized (lock) {
            generation++;
            subscribed = false;
            List<Call.Update> updates = unacknowledged.updates();
            subscribe.addAllUnacknowledgedTasks(unacknowledged.tasks()).addAllUnacknowledgedUpdates(updates);
            Set<ByteString> listed = new HashSet<>();
            updates.forEach(u -> listed.add(u.getStatus().getUuid()));
            listedInSubscribe = listed;
        }
        StreamingPost.Response response;
        try {
            response = calls.subscribe(calls.call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build(),
                    socket -> {
                        stream = socket;
                        if (finished) {
                            finish(exitCode); // finish() ran before the socket was known: close it now
                        }
                    });
        } catch (IOException e) {
            subscribeFailed(e instanceof java.net.ConnectException ? "connection refused" : String.valueOf(e));
            return StreamEnd.LOST_BEFORE_SUBSCRIBED;
        } catch (InterruptedException e) {
            return StreamEnd.LOST_BEFORE_SUBSCRIBED;
        }
        InputStream in = response.body();
        stream = in;
        try {
            int status = response.status();
            if (status != 200) {
                String body = new String(in.readNBytes(1024), StandardCharsets.UTF_8).strip();
                String answer = "HTTP " + status + (body.isEmpty() ? "" : ": " + body);
                if (status == 401 || status == 403) {
                    // Retrying cannot help: the token is the agent's, fixed for this executor's life.
                    LOG.severe("SUBSCRIBE to " + uri + " answered " + answer + ": the agent refused this executor's"
                            + " credentials (MESOS_EXECUTOR_AUTHENTICATION_TOKEN); exiting");
                    return StreamEnd.FATAL;
                }
                subscribeFailed(answer);
                return StreamEnd.LOST_BEFORE_SUBSCRIBED;
            }
            String type = response.header("Content-Type").orElse("");
            if (!type.equals(MesosHttp.PROTOBUF)) {
                LOG.warning("SUBSCRIBE to " + uri + " answered Content-Type '" + type + "', expected " + MesosHttp.PROTOBUF);
                return StreamEnd.LOST_BEFORE_SUBSCRIBED;
            }
            EventReader events = new EventReader(in);
            response.records(MAX_EVENT_BYTES, events);
            try {
                return events.end.get();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                return events.gotSubscribed ? StreamEnd.LOST_AFTER_SUBSCRIBED : StreamEnd.LOST_BEFORE_SUBSCRIBED;
            }
        } catch (IOException e) {
            if (!finished) {
                LOG.warning("the event stream from the agent at " + uri + " broke: " + e);
            }
            return StreamEnd.LOST_BEFORE_SUBSCRIBED;
        } finally {
            closeQuietly(in);
            stream = null;
            synchronized (lock) {
                subscribed = false;
            }
        }
    }

    /**
     * Handles a stream's events as they are decoded, on the HTTP client's event loop (one at a time, in order), and
     * says how the stream ended. A malformed record, one over {@link #MAX_EVENT_BYTES}, a record that is no
     * {@code Event}, or an event a handler throws on end the stream: it cannot be trusted past them.
     */
    private final class EventReader implements StreamingPost.Records {
        final java.util.concurrent.CompletableFuture<StreamEnd> end = new java.util.concurrent.CompletableFuture<>();
        private final InputStream body;
        volatile boolean gotSubscribed;
        private boolean dropped;

        EventReader(InputStream body) {
            this.body = body;
        }

        @Override
        public void record(byte[] record) {
            if (finished || dropped) {
                return;
            }
            Event event;
            try {
                event = AgentEvents.parse(record);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (event.getType() == Event.Type.SUBSCRIBED) {
                gotSubscribed = true;
            }
            if (!handle(event)) {
                dropped = true;
                closeQuietly(body); // ended() follows
            }
        }

        @Override
        public void ended(IOException why) {
            if (!finished && !dropped) {
                LOG.warning(why == null ? "the agent at " + uri + " closed the event stream"
                        : "the event stream from the agent at " + uri + " broke: " + why);
            }
            end.complete(gotSubscribed ? StreamEnd.LOST_AFTER_SUBSCRIBED : StreamEnd.LOST_BEFORE_SUBSCRIBED);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing only to end the stream
        }
    }

    private void subscribeFailed(String why) {
        int attempt = ++failedAttempts;
        if (Integer.bitCount(attempt) == 1) {
            LOG.warning("SUBSCRIBE to " + uri + " failed (" + why + "), attempt " + attempt + "; retrying");
        }
    }

    private void onSubscribed(Event.Subscribed event) {
        List<Call.Update> pending;
        long gen;
        boolean first;
        failedAttempts = 0;
        synchronized (lock) {
            first = agentId == null;
            agentId = event.getAgentInfo().getId();
            subscribed = true;
            gen = generation;
            Set<ByteString> listed = listedInSubscribe;
            pending = unacknowledged.updates().stream()
                    .filter(u -> !listed.contains(u.getStatus().getUuid())).toList();
            listedInSubscribe = Set.of();
            // Updates made while the SUBSCRIBE was under way were not in it: send them now, in order.
            pending.forEach(u -> send(u, gen));
        }
        LOG.info((first ? "subscribed" : "resubscribed") + " to agent " + agentId.getValue() + " ("
                + event.getAgentInfo().getHostname() + ", " + uri + ")"
                + (event.hasContainerId() ? ", container " + event.getContainerId().getValue() : ""));
        ExecutorHello hello = new ExecutorHello(config.executorId(), agentId.getValue(), config.agentEndpoint(),
                config.directory(), ProcessHandle.current().pid());
        calls.message(hello.toBytes(), () -> !stale(gen));
    }

    /** Hands {@code update} to {@link AgentCalls}; called under {@link #lock}, which fixes the order. */
    private void send(Call.Update update, long gen) {
        ByteString uuid = update.getStatus().getUuid();
        calls.update(update, () -> !stale(gen) && unacknowledged.contains(uuid));
    }

    private boolean stale(long gen) {
        synchronized (lock) {
            return !subscribed || gen != generation || finished;
        }
    }
}
