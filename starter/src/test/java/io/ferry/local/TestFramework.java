package io.ferry.local;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A minimal v1 HTTP framework, independent of the cluster's own code: SUBSCRIBE over the JDK HttpClient, read the
 * RecordIO event stream on a thread, and make calls. JSON or protobuf. Every wait is bounded.
 */
public final class TestFramework implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public final URI scheduler;
    public final boolean json;
    public final String streamId;
    public final FrameworkID frameworkId;
    public final HttpResponse<InputStream> response;
    private final List<Event> events = new ArrayList<>();
    private final Set<Event> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Offers handed out by {@link #awaitOffer}. */
    private final Set<String> usedOffers = new HashSet<>();
    /** Offers accepted or declined. */
    private final Set<String> settledOffers = new HashSet<>();
    private volatile boolean ended;
    private final Thread reader;

    private TestFramework(URI master, boolean json, HttpResponse<InputStream> response) throws Exception {
        this.scheduler = master.resolve(MesosHttp.SCHEDULER_PATH);
        this.json = json;
        this.response = response;
        this.streamId = response.headers().firstValue(MesosHttp.STREAM_ID).orElse(null);
        this.reader = new Thread(this::read, "test-framework-reader");
        reader.setDaemon(true);
        reader.start();
        Event first = await(e -> true, WAIT);
        this.frameworkId = first.getType() == Event.Type.SUBSCRIBED ? first.getSubscribed().getFrameworkId() : null;
    }

    public static FrameworkInfo.Builder info(String name) {
        return FrameworkInfo.newBuilder().setUser("nobody").setName(name);
    }

    public static TestFramework subscribe(URI master, boolean json, FrameworkInfo info) throws Exception {
        Call.Builder builder = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (info.hasId()) {
            builder.setFrameworkId(info.getId());
        }
        Call call = builder.build();
        HttpResponse<InputStream> response = HTTP.send(request(master.resolve(MesosHttp.SCHEDULER_PATH), json, call)
                .header("Accept", json ? MesosHttp.JSON : MesosHttp.PROTOBUF).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SUBSCRIBE got " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new TestFramework(master, json, response);
    }

    public static HttpRequest.Builder request(URI uri, boolean json, Call call) {
        return HttpRequest.newBuilder(uri)
                .timeout(WAIT)
                .header("Content-Type", json ? MesosHttp.JSON : MesosHttp.PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(json, call)));
    }

    public static byte[] encode(boolean json, com.google.protobuf.Message message) {
        if (!json) {
            return message.toByteArray();
        }
        try {
            return JsonFormat.printer().preservingProtoFieldNames().print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (InputStream body = response.body()) {
            RecordIoReader records = new RecordIoReader(body, 16 * 1024 * 1024);
            byte[] record;
            while ((record = records.read()) != null) {
                Event.Builder event = Event.newBuilder();
                if (json) {
                    JsonFormat.parser().ignoringUnknownFields().merge(new String(record, StandardCharsets.UTF_8), event);
                } else {
                    event.mergeFrom(record);
                }
                synchronized (this) {
                    events.add(event.build());
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // stream cut
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Waits for the first unconsumed event that matches, consumes and returns it. */
    public synchronized Event await(Predicate<Event> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event e : events) {
                if (!consumed.contains(e) && match.test(e)) {
                    consumed.add(e);
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended && events.stream().allMatch(consumed::contains)) {
                throw new AssertionError("no matching event within " + timeout + "; got " + summary());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public Event await(Event.Type type) throws InterruptedException {
        return await(e -> e.getType() == type, WAIT);
    }

    /** The next update of a task in one of the given states. */
    public TaskStatus awaitUpdate(String taskId, org.apache.mesos.v1.Protos.TaskState state) throws InterruptedException {
        return await(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                && e.getUpdate().getStatus().getState() == state, WAIT).getUpdate().getStatus();
    }

    /** Events received so far, consumed or not. */
    public synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    /** Whether the server ended the stream. */
    public synchronized boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return ended;
    }

    /** An offer not yet taken, not rescinded, matching; waits for one. */
    public synchronized Offer awaitOffer(Predicate<Offer> match) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<Offer> found = openOffers().stream().filter(match).findFirst();
            if (found.isPresent()) {
                usedOffers.add(found.get().getId().getValue());
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching offer within " + WAIT + "; got " + summary());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public Offer awaitOffer() throws InterruptedException {
        return awaitOffer(o -> true);
    }

    /** Offers received, not rescinded and not yet taken by {@link #awaitOffer}. */
    public synchronized List<Offer> openOffers() {
        Set<String> rescinded = new HashSet<>();
        for (Event e : events) {
            if (e.getType() == Event.Type.RESCIND) {
                rescinded.add(e.getRescind().getOfferId().getValue());
            }
        }
        List<Offer> open = new ArrayList<>();
        for (Event e : events) {
            if (e.getType() == Event.Type.OFFERS) {
                for (Offer o : e.getOffers().getOffersList()) {
                    if (!usedOffers.contains(o.getId().getValue()) && !rescinded.contains(o.getId().getValue())) {
                        open.add(o);
                    }
                }
            }
        }
        return open;
    }

    /** Declines every offer not yet accepted or declined. */
    public void declineAll(double refuseSeconds) throws Exception {
        List<Offer> open = new ArrayList<>();
        synchronized (this) {
            for (Event e : events) {
                if (e.getType() == Event.Type.OFFERS) {
                    for (Offer o : e.getOffers().getOffersList()) {
                        if (!settledOffers.contains(o.getId().getValue())) {
                            open.add(o);
                            usedOffers.add(o.getId().getValue());
                        }
                    }
                }
            }
        }
        if (!open.isEmpty()) {
            expect202(decline(open.stream().map(Offer::getId).toList(), refuseSeconds));
        }
    }

    private synchronized String summary() {
        StringBuilder s = new StringBuilder();
        for (Event e : events) {
            s.append(e.getType());
            if (e.getType() == Event.Type.UPDATE) {
                s.append('(').append(e.getUpdate().getStatus().getTaskId().getValue()).append(' ')
                        .append(e.getUpdate().getStatus().getState()).append(' ')
                        .append(e.getUpdate().getStatus().getMessage()).append(')');
            }
            if (e.getType() == Event.Type.ERROR) {
                s.append('(').append(e.getError().getMessage()).append(')');
            }
            s.append(consumed.contains(e) ? "* " : " ");
        }
        return s.toString();
    }

    // ---- calls ---------------------------------------------------------------------------------------------

    public HttpResponse<String> call(Call.Builder call) throws Exception {
        return send(call.setFrameworkId(frameworkId).build(), streamId);
    }

    public HttpResponse<String> send(Call call, String stream) throws Exception {
        HttpRequest.Builder request = request(scheduler, json, call);
        if (stream != null) {
            request.header(MesosHttp.STREAM_ID, stream);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static void expect202(HttpResponse<String> response) {
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
    }

    public HttpResponse<String> accept(List<OfferID> offers, List<Offer.Operation> operations, double refuseSeconds)
            throws Exception {
        settle(offers);
        return call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addAllOfferIds(offers).addAllOperations(operations)
                .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds))));
    }

    public HttpResponse<String> decline(List<OfferID> offers, Double refuseSeconds) throws Exception {
        settle(offers);
        Call.Decline.Builder decline = Call.Decline.newBuilder().addAllOfferIds(offers);
        if (refuseSeconds != null) {
            decline.setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        }
        return call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(decline));
    }

    private synchronized void settle(List<OfferID> offers) {
        offers.forEach(o -> settledOffers.add(o.getValue()));
    }

    public void acknowledge(TaskStatus status) throws Exception {
        expect202(call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid()))));
    }

    public void kill(String taskId, AgentID agentId) throws Exception {
        expect202(call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId)).setAgentId(agentId))));
    }

    public void reconcile(String... taskIds) throws Exception {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        for (String id : taskIds) {
            reconcile.addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(id)));
        }
        expect202(call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(reconcile)));
    }

    /** The number of events received so far: a mark for {@link #barrier(int)}. */
    public synchronized int mark() {
        return events.size();
    }

    /**
     * A barrier: the master handles calls in order and offers right after each step, so every event caused by
     * earlier calls precedes the answer to this reconciliation of a task that does not exist. Returns the events
     * received from {@code mark} up to it.
     */
    public List<Event> barrier(int mark) throws Exception {
        String probe = "barrier-" + System.nanoTime();
        reconcile(probe);
        Event answer = await(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getTaskId().getValue().equals(probe), WAIT);
        List<Event> all = events();
        return all.subList(mark, all.indexOf(answer));
    }

    /** Offers in {@code events}. */
    public static int offerCount(List<Event> events) {
        return events.stream().filter(e -> e.getType() == Event.Type.OFFERS)
                .mapToInt(e -> e.getOffers().getOffersCount()).sum();
    }

    public void message(AgentID agent, ExecutorID executor, String data) throws Exception {
        expect202(call(Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                .setAgentId(agent).setExecutorId(executor).setData(ByteString.copyFromUtf8(data)))));
    }

    public void teardown() throws Exception {
        expect202(call(Call.newBuilder().setType(Call.Type.TEARDOWN)));
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
