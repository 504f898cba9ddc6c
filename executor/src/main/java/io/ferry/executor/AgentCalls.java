package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.http.PipelinedHttp;
import io.ferry.wire.http.CallResponse;
import io.ferry.wire.http.StreamingPost;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.executor.Protos.Call;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The executor's calls to the agent other than SUBSCRIBE (UPDATE, MESSAGE; {@code docs/mesos-notes.md} §3.1), on a
 * client of their own so that they never queue behind the event stream's connection (§1.5). Asynchronous: no
 * caller waits for the agent.
 *
 * <p>A failed UPDATE (IO error or 5xx) is retried with the same uuid, which the agent deduplicates (§3.3), waiting
 * 100 ms doubling to 5 s, at most {@value #MAX_ATTEMPTS} times, and only while the caller still wants it sent (the
 * connection is the same and the update is not acknowledged yet; otherwise the next SUBSCRIBE carries it). Other
 * 4xx answers are bugs: logged, not retried. The updates of one task are POSTed one after another, never
 * overtaking each other.
 */
final class AgentCalls {

    private static final Logger LOG = Logger.getLogger(AgentCalls.class.getName());

    /** Deadline for a call's response headers (§2.4 suggests ~75 s towards the master; the agent is local). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 30;
    private static final int MAX_MESSAGE_ATTEMPTS = 3;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ExecutorConfig config;
    private final URI uri;
    /**
     * UPDATE and MESSAGE, pipelined on one connection. The callbacks below run on the HTTP client's event loop (which
     * also reads the event stream): they only take short locks, log, and post (which never blocks) or schedule a
     * retry on a timer.
     */
    private final PipelinedHttp calls;
    private final Map<String, String> headers;
    /** Per task, the end of its chain of POSTs; guarded by itself. */
    private final Map<String, CompletableFuture<Void>> queues = new HashMap<>();

    AgentCalls(ExecutorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.uri = config.executorApi();
        this.calls = new PipelinedHttp("ferry-agent-call", CALL_TIMEOUT);
        this.headers = config.agentToken() == null ? Map.of("Content-Type", MesosHttp.PROTOBUF)
                : Map.of("Content-Type", MesosHttp.PROTOBUF, "Authorization", "Bearer " + config.agentToken());
    }

    /** A call envelope with this executor's ids. */
    Call.Builder call(Call.Type type) {
        return Call.newBuilder()
                .setType(type)
                .setExecutorId(executorId())
                .setFrameworkId(FrameworkID.newBuilder().setValue(config.frameworkId()));
    }

    ExecutorID executorId() {
        return ExecutorID.newBuilder().setValue(config.executorId()).build();
    }

    /**
     * Opens the event stream: POSTs {@code subscribe}, with the agent's token if there is one; {@code opened} gets
     * what ends the POST before it connects (see {@link StreamingPost}).
     */
    StreamingPost.Response subscribe(Call subscribe, java.util.function.Consumer<java.io.Closeable> opened)
            throws IOException, InterruptedException {
        Map<String, String> subscribeHeaders = new LinkedHashMap<>(headers);
        subscribeHeaders.put("Accept", MesosHttp.PROTOBUF);
        return StreamingPost.post(uri, subscribeHeaders, subscribe.toByteArray(), CALL_TIMEOUT, opened);
    }

    /**
     * Sends {@code update} after the task's earlier updates. The call order of {@code update} fixes the order on
     * the wire, so callers that need an order call it under their own lock.
     *
     * @param wanted asked before every attempt; {@code false} drops the update here
     */
    void update(Call.Update update, BooleanSupplier wanted) {
        String taskId = update.getStatus().getTaskId().getValue();
        synchronized (queues) {
            CompletableFuture<Void> previous = queues.getOrDefault(taskId, DONE);
            CompletableFuture<Void> next = previous.thenCompose(x -> post(update, wanted, 1));
            queues.put(taskId, next);
            next.whenComplete((x, e) -> {
                synchronized (queues) {
                    queues.remove(taskId, next);
                }
            });
        }
    }

    /** POSTs one UPDATE; the future completes (never exceptionally) when it is taken or given up. */
    private CompletableFuture<Void> post(Call.Update update, BooleanSupplier wanted, int attempt) {
        if (!wanted.getAsBoolean()) {
            return DONE;
        }
        Call call = call(Call.Type.UPDATE).setUpdate(update).build();
        return calls.post(uri, headers, call.toByteArray())
                .handle((response, error) -> {
                    if (error == null && response.status() / 100 == 2) {
                        return DONE;
                    }
                    String what = "UPDATE " + update.getStatus().getState() + " of task "
                            + update.getStatus().getTaskId().getValue();
                    String why = describe(response, error);
                    if (error == null && response.status() < 500) {
                        LOG.warning("the agent rejected " + what + " (" + why + "); not retrying");
                        return DONE;
                    }
                    if (attempt >= MAX_ATTEMPTS || !wanted.getAsBoolean()) {
                        LOG.warning(what + " failed (" + why + "); giving up after " + attempt + " attempt(s)");
                        return DONE;
                    }
                    long delay = Math.min(5_000, 100L << Math.min(attempt - 1, 6));
                    LOG.warning(what + " failed (" + why + "); retrying in " + delay + " ms with the same uuid");
                    return CompletableFuture.runAsync(() -> { },
                                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                            .thenCompose(x -> post(update, wanted, attempt + 1));
                })
                .thenCompose(f -> f);
    }

    /** MESSAGE to the scheduler: unreliable by design (§3.1), so a few quick retries and then a log line. */
    void message(byte[] data, BooleanSupplier wanted) {
        message(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(ByteString.copyFrom(data))).build(),
                wanted, 1);
    }

    private void message(Call call, BooleanSupplier wanted, int attempt) {
        calls.post(uri, headers, call.toByteArray())
                .whenComplete((response, error) -> {
                    if (error == null && response.status() / 100 == 2) {
                        return;
                    }
                    boolean retryable = error != null || response.status() >= 500;
                    if (retryable && attempt < MAX_MESSAGE_ATTEMPTS && wanted.getAsBoolean()) {
                        CompletableFuture.delayedExecutor(200L * attempt, TimeUnit.MILLISECONDS)
                                .execute(() -> message(call, wanted, attempt + 1));
                    } else {
                        LOG.warning("MESSAGE to the scheduler failed (" + describe(response, error) + ")");
                    }
                });
    }

    private static String describe(CallResponse response, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            return cause instanceof java.net.ConnectException ? "connection refused" : String.valueOf(cause);
        }
        String body = response.body() == null ? "" : response.body().strip();
        return "HTTP " + response.status() + (body.isEmpty() ? "" : ": "
                + (body.length() <= 300 ? body : body.substring(0, 300) + "..."));
    }
}
