package io.ferry.local.master;

import io.ferry.local.http.GuardedHandler;
import io.ferry.local.http.LoopbackExchange;
import io.ferry.local.http.Responses;
import io.ferry.local.protocol.CallReader;
import io.ferry.local.protocol.Encoding;
import io.ferry.local.protocol.EventStream;
import io.ferry.wire.MesosHttp;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * {@code POST /api/v1/scheduler}: the HTTP rules of docs/mesos-notes.md §1.2 and §1.4. Everything that can be
 * decided from the request and the published subscription table is decided here, on the HTTP thread; the call
 * itself is queued to the master's loop and gets a 202 response at once (effects arrive on the event stream).
 */
final class SchedulerEndpoint extends GuardedHandler {

    private final LocalMaster master;

    SchedulerEndpoint(LocalMaster master) {
        this.master = master;
    }

    @Override
    protected void serve(LoopbackExchange exchange) throws IOException {
        Call call = CallReader.read(exchange, Call.getDefaultInstance(), "scheduler");
        if (call == null) {
            return;
        }
        String problem = validate(call);
        if (problem != null) {
            Responses.text(exchange, 400, "Failed to validate scheduler::Call: " + problem);
            return;
        }
        if (call.getType() == Call.Type.UNKNOWN) {
            Responses.text(exchange, 501, "Received an unexpected UNKNOWN call");
            return;
        }
        String streamHeader = exchange.requestHeader(MesosHttp.STREAM_ID);
        if (call.getType() == Call.Type.SUBSCRIBE) {
            subscribe(exchange, call, streamHeader);
            return;
        }
        String frameworkId = call.getFrameworkId().getValue();
        String streamId = master.streamIdOf(frameworkId);
        if (streamId == null) {
            Responses.text(exchange, 400, "Framework cannot be found");
            return;
        }
        if (streamId.isEmpty()) {
            Responses.text(exchange, 403, "Framework is not subscribed");
            return;
        }
        if (streamHeader == null) {
            Responses.text(exchange, 400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
            return;
        }
        if (!streamHeader.equals(streamId)) {
            Responses.text(exchange, 400, "The stream ID '" + streamHeader + "' included in this request didn't "
                    + "match the stream ID currently associated with framework ID " + frameworkId);
            return;
        }
        if (call.getType() == Call.Type.UPDATE_FRAMEWORK) {
            updateFramework(exchange, call);
            return;
        }
        master.handle(call);
        Responses.empty(exchange, 202);
    }

    private void subscribe(LoopbackExchange exchange, Call call, String streamHeader) throws IOException {
        if (streamHeader != null) {
            Responses.text(exchange, 400, "Expecting 'Mesos-Stream-Id' to be absent on a SUBSCRIBE call");
            return;
        }
        Optional<Encoding> accepted = Encoding.negotiate(exchange.requestHeaders("Accept"));
        if (accepted.isEmpty()) {
            Responses.text(exchange, 406, "Expecting 'Accept' to allow 'application/json' or "
                    + "'application/x-protobuf'");
            return;
        }
        String streamId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("Content-Type", accepted.get().contentType());
        exchange.getResponseHeaders().set(MesosHttp.STREAM_ID, streamId);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        master.subscribe(call.getSubscribe(), new EventStream(exchange, accepted.get()), streamId);
    }

    /**
     * UPDATE_FRAMEWORK has a synchronous answer (200/400) from the master's loop: the response is written when
     * the loop has decided, after this returns, so that no HTTP thread waits (the server holds the connection's
     * next requests until then).
     */
    private void updateFramework(LoopbackExchange exchange, Call call) {
        exchange.respondLater();
        master.updateFramework(call.getUpdateFramework()).orTimeout(10, TimeUnit.SECONDS)
                .whenComplete((problem, failure) -> {
                    try {
                        if (failure != null) {
                            Responses.text(exchange, 503, "The master did not respond: " + failure);
                        } else if (problem == null) {
                            Responses.empty(exchange, 200);
                        } else {
                            Responses.text(exchange, 400, problem);
                        }
                    } catch (IOException | RuntimeException e) {
                        exchange.close();
                    }
                });
    }

    @Override
    public boolean mayBlock() {
        return false; // every call is handed to the master's loop; UPDATE_FRAMEWORK answers from there
    }

    /** The checks of Mesos' {@code scheduler::call::validate} that need no master state. Returns a problem or null. */
    static String validate(Call call) {
        if (!call.hasType()) {
            return "Expecting 'type' to be present";
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (!call.hasSubscribe()) {
                return "Expecting 'subscribe' to be present";
            }
            if (call.hasFrameworkId()
                    && !call.getFrameworkId().equals(call.getSubscribe().getFrameworkInfo().getId())) {
                return "'framework_id' differs from 'subscribe.framework_info.id'";
            }
            return null;
        }
        if (call.getType() == Call.Type.UNKNOWN) {
            return null;
        }
        if (!call.hasFrameworkId()) {
            return "Expecting 'framework_id' to be present";
        }
        return switch (call.getType()) {
            case ACCEPT -> call.hasAccept() ? null : "Expecting 'accept' to be present";
            case DECLINE -> call.hasDecline() ? null : "Expecting 'decline' to be present";
            case KILL -> call.hasKill() ? null : "Expecting 'kill' to be present";
            case SHUTDOWN -> call.hasShutdown() ? null : "Expecting 'shutdown' to be present";
            case MESSAGE -> call.hasMessage() ? null : "Expecting 'message' to be present";
            case RECONCILE -> call.hasReconcile() ? null : "Expecting 'reconcile' to be present";
            case REQUEST -> call.hasRequest() ? null : "Expecting 'request' to be present";
            case ACKNOWLEDGE -> {
                if (!call.hasAcknowledge()) {
                    yield "Expecting 'acknowledge' to be present";
                }
                int length = call.getAcknowledge().getUuid().size();
                yield length == 16 ? null : "Expecting 'uuid' to be 16 bytes, got " + length;
            }
            case UPDATE_FRAMEWORK -> {
                if (!call.hasUpdateFramework()) {
                    yield "Expecting 'update_framework' to be present";
                }
                yield call.getUpdateFramework().getFrameworkInfo().getId().equals(call.getFrameworkId()) ? null
                        : "'framework_id' differs from 'update_framework.framework_info.id'";
            }
            default -> null;
        };
    }
}
