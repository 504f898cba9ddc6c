package io.ferry.local.agent;

import io.ferry.local.http.GuardedHandler;
import io.ferry.local.http.LoopbackExchange;
import io.ferry.local.http.Responses;
import io.ferry.local.protocol.CallReader;
import io.ferry.local.protocol.Encoding;
import io.ferry.local.protocol.EventStream;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * {@code POST /api/v1/executor} of an agent (docs/mesos-notes.md §1.4, §3): header and validation rules on the HTTP
 * thread, the call itself on the agent's loop; UPDATE and MESSAGE get a 202 response at once.
 */
final class ExecutorEndpoint extends GuardedHandler {

    private final Supplier<LocalAgent> agents;

    /** @param agent the agent, looked up per request: the endpoint is made before the agent, which needs its port */
    ExecutorEndpoint(Supplier<LocalAgent> agent) {
        this.agents = agent;
    }

    @Override
    protected void serve(LoopbackExchange exchange) throws IOException {
        LocalAgent agent = agents.get();
        Call call = CallReader.read(exchange, Call.getDefaultInstance(), "executor");
        if (call == null) {
            return;
        }
        String problem = validate(call);
        if (problem != null) {
            Responses.text(exchange, 400, "Failed to validate executor::Call: " + problem);
            return;
        }
        if (call.getType() == Call.Type.UNKNOWN) {
            Responses.text(exchange, 501, "Received an unexpected UNKNOWN call");
            return;
        }
        ExecutorRun run = agent.liveRun(call.getFrameworkId().getValue(), call.getExecutorId().getValue());
        if (run == null) {
            Responses.text(exchange, 400, "Executor '" + call.getExecutorId().getValue() + "' of framework '"
                    + call.getFrameworkId().getValue() + "' is not known to this agent");
            return;
        }
        switch (call.getType()) {
            case SUBSCRIBE -> {
                Optional<Encoding> accepted = Encoding.negotiate(exchange.requestHeaders("Accept"));
                if (accepted.isEmpty()) {
                    Responses.text(exchange, 406, "Expecting 'Accept' to allow 'application/json' or "
                            + "'application/x-protobuf'");
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", accepted.get().contentType());
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                agent.subscribe(run, call.getSubscribe(),
                        new EventStream(exchange, accepted.get()));
            }
            case UPDATE, MESSAGE, HEARTBEAT -> {
                if (agent.recovering()) {
                    Responses.text(exchange, 503, "Agent has not finished recovery");
                    return;
                }
                if (!run.subscribed) {
                    Responses.text(exchange, 403, "Executor is not subscribed");
                    return;
                }
                if (call.getType() == Call.Type.UPDATE) {
                    agent.update(run, call.getUpdate().getStatus());
                } else if (call.getType() == Call.Type.MESSAGE) {
                    agent.message(run, call.getMessage().getData());
                }
                Responses.empty(exchange, 202);
            }
            default -> Responses.text(exchange, 501, "Unsupported call " + call.getType());
        }
    }

    @Override
    public boolean mayBlock() {
        return false; // every call is handed to the agent's loop
    }

    /** Mesos' {@code executor::call::validate} (§1.4). Returns a problem or null. */
    static String validate(Call call) {
        if (!call.hasType()) {
            return "Expecting 'type' to be present";
        }
        return switch (call.getType()) {
            case SUBSCRIBE -> call.hasSubscribe() ? null : "Expecting 'subscribe' to be present";
            case MESSAGE -> call.hasMessage() ? null : "Expecting 'message' to be present";
            case UPDATE -> {
                if (!call.hasUpdate()) {
                    yield "Expecting 'update' to be present";
                }
                TaskStatus status = call.getUpdate().getStatus();
                if (!status.hasUuid()) {
                    yield "Expecting 'uuid' to be present";
                }
                if (status.getUuid().size() != 16) {
                    yield "Expecting 'uuid' to be 16 bytes, got " + status.getUuid().size();
                }
                if (status.hasExecutorId() && !status.getExecutorId().equals(call.getExecutorId())) {
                    yield "ExecutorID in Call: " + call.getExecutorId().getValue()
                            + " does not match ExecutorID in TaskStatus: " + status.getExecutorId().getValue();
                }
                if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
                    yield "Received Call from executor with invalid source";
                }
                if (status.getState() == TaskState.TASK_STAGING) {
                    yield "Received TASK_STAGING from executor";
                }
                yield null;
            }
            default -> null;
        };
    }
}
