package io.ferry.wire;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends HTTP calls asynchronously on a few long-lived threads of our own.
 *
 * <p>Why not {@link HttpClient#sendAsync}: on JDK 17 it hands every completion to CompletableFuture's default
 * executor, the common pool, and with 2 cores that pool has a parallelism of 1, so CompletableFuture starts a
 * new thread for every call (measured: one thread start per status update and per acknowledgement, 40 % of the
 * CPU per task). A blocking {@link HttpClient#send} on a small pool keeps the hot path on the same threads.
 */
public final class PooledHttp {

    private PooledHttp() {
    }

    /** A pool of {@code threads} daemon threads named {@code name-N} for {@link #send}. */
    public static ExecutorService pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** As {@link #send}, over {@link PlainHttp}'s sockets: a POST and its answer on one thread of {@code pool}. */
    public static CompletableFuture<PlainHttp.Reply> post(PlainHttp client, java.net.URI uri,
                                                         java.util.Map<String, String> headers, byte[] body,
                                                         ExecutorService pool) {
        if (pool.isShutdown()) {
            return CompletableFuture.failedFuture(new java.util.concurrent.RejectedExecutionException(
                    "shutting down: not sending POST " + uri));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.post(uri, headers, body);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, pool);
    }

    /**
     * Sends {@code request} on {@code pool}; the future fails with the IOException if no answer came, or with a
     * RejectedExecutionException once the pool is shut down.
     */
    public static CompletableFuture<HttpResponse<String>> send(HttpClient client, HttpRequest request,
                                                               ExecutorService pool) {
        if (pool.isShutdown()) {
            return CompletableFuture.failedFuture(new java.util.concurrent.RejectedExecutionException(
                    "shutting down: not sending " + request.method() + " " + request.uri()));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, pool);
    }
}
