package io.ferry.web.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A client of {@code GET /api/events} over real HTTP, as a browser's EventSource reads it: its own thread parses
 * the stream, and every event is kept with the time it arrived.
 */
final class EventStreamClient implements AutoCloseable {

    /** One event: its type, its data, and {@code System.nanoTime()} when its last line arrived. */
    record Event(String type, String data, long nanos) {
    }

    private final HttpResponse<InputStream> response;
    private final List<Event> events = new ArrayList<>();
    private final Thread reader;
    private String retry;
    private boolean ended;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStreamClient connect(URI uri) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return new EventStreamClient(response);
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The first event from index {@code from} on that matches, waiting for it at most {@code timeout}. */
    synchronized Event await(int from, Predicate<Event> matching, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = from; ; ) {
            for (; i < events.size(); i++) {
                if (matching.test(events.get(i))) {
                    return events.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                throw new AssertionError("no " + what + " within " + timeout + (ended ? " (the stream ended)" : "")
                        + "; received: " + events.stream().map(Event::type).toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized int size() {
        return events.size();
    }

    synchronized String retry() {
        return retry;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        response.body().close();
        reader.join(Duration.ofSeconds(5).toMillis());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String type = "message";
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        add(new Event(type, data.toString(), System.nanoTime()));
                    }
                    type = "message";
                    data = null;
                } else if (line.startsWith("event:")) {
                    type = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                } else if (line.startsWith("retry:")) {
                    synchronized (this) {
                        retry = value(line);
                    }
                }
            }
        } catch (IOException closed) {
            // closed by the test, or by the server
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void add(Event event) {
        events.add(event);
        notifyAll();
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
