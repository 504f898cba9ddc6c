package io.ferry.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain client of {@code GET /api/events} that reads every byte and discards it, on a thread of its own: what the
 * server spends on one client, without a browser's own CPU (which, on a small machine, competes with the app for
 * the same cores). The load harness compares the throughput with it to that without a client and with Chromium.
 */
final class EventStreamDrain implements AutoCloseable {

    private final InputStream body;
    private final Thread reader;
    private final AtomicLong bytes = new AtomicLong();

    private EventStreamDrain(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "load-event-drain");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStreamDrain open(URI events) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(events)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(events + " answered " + response.statusCode());
        }
        return new EventStreamDrain(response.body());
    }

    /** Bytes read so far. */
    long bytes() {
        return bytes.get();
    }

    private void read() {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                bytes.addAndGet(n);
            }
        } catch (IOException e) {
            // Closed by close(), or by the server: either way the reading ends.
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            body.close();
        } catch (IOException e) {
            // Closing is all that is asked.
        }
        reader.join(5_000);
    }
}
