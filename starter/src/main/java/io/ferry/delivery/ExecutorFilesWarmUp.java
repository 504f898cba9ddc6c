package io.ferry.delivery;

import io.ferry.scheduler.ExecutorSpec;
import io.ferry.scheduler.FerryScheduler;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Asks for the executor's launch script once, with HEAD, when the application is ready, from a thread of its own.
 * An application's first request loads the classes of its whole request path (the servlet container, the security
 * filters, the dispatcher, the controller); without this, the first agent to start an executor paid for them
 * in its download of the jar: 267 ms, against 34 ms for the second agent's, of a cold start of 1,142 ms (local mode,
 * the timestamps of the sandboxes' fetcher lines, docs/performance.md, sixth part).
 *
 * <p>It asks at the URL agents are given, so the same path is warmed, context path and servlet path included. Where
 * the application cannot reach its own advertised URL (behind a proxy only agents see), the request fails and
 * nothing else happens. HEAD is not counted as a fetch ({@link ExecutorFilesController#FETCHES}).
 */
final class ExecutorFilesWarmUp implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ExecutorFilesWarmUp.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final ObjectProvider<FerryScheduler> scheduler;
    private final CompletableFuture<Integer> answered = new CompletableFuture<>();

    ExecutorFilesWarmUp(ObjectProvider<FerryScheduler> scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        FerryScheduler ferry = scheduler.getIfAvailable();
        String script = ferry == null ? null : scriptUrl(ferry.executorSpec());
        if (script == null || answered.isDone()) {
            answered.complete(-1);
            return;
        }
        Thread thread = new Thread(() -> answered.complete(head(script)), "ferry-delivery-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The status the warm-up request got, or -1 if it got none (or was not made). For tests. */
    CompletableFuture<Integer> answered() {
        return answered;
    }

    private static String scriptUrl(ExecutorSpec spec) {
        for (CommandInfo.URI uri : spec.info().getCommand().getUrisList()) {
            if (uri.getOutputFile().equals(ExecutorSpec.SCRIPT)) {
                return uri.getValue();
            }
        }
        return null;
    }

    private static int head(String url) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestMethod("HEAD");
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            log.debug("Warm-up request HEAD {}: {}", url, status);
            return status;
        } catch (IOException | RuntimeException e) {
            log.debug("Warm-up request HEAD {} failed: {}", url, e.toString());
            return -1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
