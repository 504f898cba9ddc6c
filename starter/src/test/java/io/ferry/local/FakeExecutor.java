package io.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIoReader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The test speaking the executor API (JSON) for an executor whose real process only sleeps
 * ({@link TestTasks#sleeper}): one subscription, its events in a queue. Every wait is bounded.
 */
public final class FakeExecutor implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final HttpResponse<InputStream> response;

    /** Subscribes at {@code executorApi} and expects the 200 stream. */
    public FakeExecutor(URI executorApi, Call subscribe) throws Exception {
        response = HTTP.send(request(executorApi, subscribe, MesosHttp.JSON).header("Accept", MesosHttp.JSON).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MesosHttp.JSON);
        Thread reader = new Thread(() -> {
            try {
                RecordIoReader records = new RecordIoReader(response.body(), 1 << 20);
                byte[] record;
                while ((record = records.read()) != null) {
                    Event.Builder event = Event.newBuilder();
                    JsonFormat.parser().merge(new String(record, StandardCharsets.UTF_8), event);
                    events.add(event.build());
                }
            } catch (Exception e) {
                // stream cut
            }
            ended.countDown();
        }, "fake-executor-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static HttpRequest.Builder request(URI executorApi, Call call, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(executorApi).timeout(TestFramework.WAIT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        TestFramework.encode(MesosHttp.JSON.equals(contentType), call)));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request;
    }

    public static HttpResponse<String> post(URI executorApi, Call call, String contentType) throws Exception {
        return HTTP.send(request(executorApi, call, contentType).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until the agent knows the executor's run (its launch began): until then every call gets 400.
     * Returns the status of the last HEARTBEAT call.
     */
    public static int awaitRun(URI executorApi, Call heartbeat) throws Exception {
        long deadline = System.nanoTime() + TestFramework.WAIT.toNanos();
        int status;
        while ((status = post(executorApi, heartbeat, MesosHttp.PROTOBUF).statusCode()) == 400
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return status;
    }

    public boolean awaitEnd() throws InterruptedException {
        return ended.await(TestFramework.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Event next() throws InterruptedException {
        Event event = events.poll(TestFramework.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("an executor event within " + TestFramework.WAIT).isNotNull();
        return event;
    }

    @Override
    public void close() throws Exception {
        response.body().close();
    }
}
