package io.ferry.wire.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelinedHttpTest {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/x-protobuf");

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private PipelineServer server(PipelineServer.Script script) throws IOException {
        PipelineServer server = new PipelineServer(script);
        closing.add(server);
        return server;
    }

    private PipelinedHttp http(String name, Duration timeout, int depth) {
        PipelinedHttp http = new PipelinedHttp(name, timeout, depth);
        closing.add(0, http);
        return http;
    }

    private static CompletableFuture<CallResponse> post(PipelinedHttp http, URI uri, String body) {
        return http.post(uri, HEADERS, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts "call 0", "call 1"... at once. */
    private static List<CompletableFuture<CallResponse>> postMany(PipelinedHttp http, URI uri, int n) {
        List<CompletableFuture<CallResponse>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(post(http, uri, "call " + i));
        }
        return futures;
    }

    /** Each of {@code futures} from {@code from} on is answered {@code prefix + "call " + i}. */
    private static void assertAnswered(List<CompletableFuture<CallResponse>> futures, int from, String prefix)
            throws Exception {
        for (int i = from; i < futures.size(); i++) {
            assertThat(futures.get(i).get(20, TimeUnit.SECONDS).body()).isEqualTo(prefix + "call " + i);
        }
    }

    /** The reply, or null if the call failed with an IOException (any other outcome fails the test). */
    private static CallResponse outcome(CompletableFuture<CallResponse> f) throws Exception {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class);
            return null;
        }
    }

    private static IOException failure(CompletableFuture<CallResponse> f) throws Exception {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class);
            return (IOException) e.getCause();
        }
        return fail("expected the call to fail");
    }

    /**
     * Waits (at most 10 s) until {@code http} has written {@code calls} calls (all queued ones, or as many as its
     * depth lets go), then lets the server answer.
     */
    private static void releaseOnceWritten(PipelinedHttp http, int calls, CountDownLatch release)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (http.written() < calls) {
            assertThat(System.nanoTime()).as("%d calls written within 10 s", calls).isLessThan(deadline);
            Thread.sleep(5);
        }
        release.countDown();
    }

    @Test
    void concurrentPostsGetTheirOwnAnswersAndKeepEachPostersOrder() throws Exception {
        PipelineServer server = server((n, body) -> PipelineServer.ok("re " + body));
        PipelinedHttp http = http("order", Duration.ofSeconds(10), PipelinedHttp.DEFAULT_DEPTH);
        int posters = 8;
        int each = 250;
        List<List<CompletableFuture<CallResponse>>> futures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < posters; p++) {
            List<CompletableFuture<CallResponse>> mine = new ArrayList<>();
            futures.add(mine);
            int poster = p;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    mine.add(post(http, server.uri(), poster + ":" + i));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(20_000);
            assertThat(t.isAlive()).as("a poster still posting after 20 s").isFalse();
        }

        for (int p = 0; p < posters; p++) {
            for (int i = 0; i < each; i++) {
                assertThat(futures.get(p).get(i).get(20, TimeUnit.SECONDS)).isEqualTo(new CallResponse(200, "re " + p + ":" + i));
            }
        }
        for (int p = 0; p < posters; p++) {
            String prefix = p + ":";
            List<String> arrived = server.bodies().stream().filter(b -> b.startsWith(prefix)).toList();
            assertThat(arrived).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, each).mapToObj(i -> prefix + i).toList());
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void callsQueuedWhileTheServerIsBusyGoOutTogether() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PipelineServer server = server(PipelineServer.firstAnsweredOnRelease(release, (n, body) -> PipelineServer.ok(body)));
        PipelinedHttp http = http("batch", Duration.ofSeconds(10), PipelinedHttp.DEFAULT_DEPTH);

        List<CompletableFuture<CallResponse>> futures = postMany(http, server.uri(), 200);
        releaseOnceWritten(http, 200, release);

        assertAnswered(futures, 0, "");
        assertThat(server.reads()).isLessThan(200);
        assertThat(server.mostPerRead()).isGreaterThan(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionClosedMidBatchFailsTheCallsWrittenOnItAndNoneIsResent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PipelineServer server = server(PipelineServer.firstAnsweredOnRelease(release,
                (n, body) -> n == 5 ? PipelineServer.drop() : PipelineServer.ok(body)));
        PipelinedHttp http = http("midbatch", Duration.ofSeconds(10), PipelinedHttp.DEFAULT_DEPTH);

        List<CompletableFuture<CallResponse>> futures = postMany(http, server.uri(), 50);
        releaseOnceWritten(http, 50, release); // all 50 are written on the first connection

        for (int i = 0; i < 50; i++) {
            if (i < 5) {
                assertThat(outcome(futures.get(i))).isEqualTo(new CallResponse(200, "call " + i));
            } else {
                assertThat(failure(futures.get(i))).as("call %d", i).hasMessageContaining("written, unanswered");
            }
        }
        assertThat(server.bodies()).as("read before the drop, none again")
                .containsExactly("call 0", "call 1", "call 2", "call 3", "call 4", "call 5");

        assertThat(post(http, server.uri(), "after").get(20, TimeUnit.SECONDS).body()).isEqualTo("after");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void callsNotWrittenYetGoOnTheNextConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PipelineServer server = server(PipelineServer.firstAnsweredOnRelease(release,
                (n, body) -> n == 0 ? PipelineServer.drop() : PipelineServer.ok(body)));
        PipelinedHttp http = http("requeue", Duration.ofSeconds(10), 2);

        List<CompletableFuture<CallResponse>> futures = postMany(http, server.uri(), 10);
        releaseOnceWritten(http, 2, release); // two written (the depth), eight queued

        assertThat(failure(futures.get(0))).hasMessageContaining("written, unanswered");
        assertThat(failure(futures.get(1))).hasMessageContaining("written, unanswered");
        assertAnswered(futures, 2, "");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.mostPerRead()).isLessThanOrEqualTo(2);
    }

    @Test
    void garbageFailsTheCallsInFlightAndTheNextConnectionWorks() throws Exception {
        PipelineServer server = server((n, body) -> n == 0 ? PipelineServer.garbage() : PipelineServer.ok(body));
        PipelinedHttp http = http("garbage", Duration.ofSeconds(10), PipelinedHttp.DEFAULT_DEPTH);

        assertThat(failure(post(http, server.uri(), "one"))).hasMessageContaining("malformed response");
        assertThat(post(http, server.uri(), "two").get(20, TimeUnit.SECONDS).body()).isEqualTo("two");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void connectionCloseEndsTheConnectionAfterThatAnswer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PipelineServer server = server(PipelineServer.firstAnsweredOnRelease(release,
                (n, body) -> n == 1 ? PipelineServer.closing(body) : PipelineServer.ok(body)));
        PipelinedHttp http = http("close-header", Duration.ofSeconds(10), PipelinedHttp.DEFAULT_DEPTH);

        List<CompletableFuture<CallResponse>> futures = postMany(http, server.uri(), 10);
        releaseOnceWritten(http, 10, release); // all 10 are written before the closing answer

        assertThat(futures.get(0).get(20, TimeUnit.SECONDS).body()).isEqualTo("call 0");
        assertThat(futures.get(1).get(20, TimeUnit.SECONDS).body()).isEqualTo("call 1");
        for (int i = 2; i < 10; i++) {
            assertThat(failure(futures.get(i))).as("call %d", i).hasMessageContaining("Connection: close");
        }
        assertThat(server.bodies()).containsExactly("call 0", "call 1");
        assertThat(post(http, server.uri(), "after").get(20, TimeUnit.SECONDS).body()).isEqualTo("after");
    }

    @Test
    void chunkedAnswersArePipelinedToo() throws Exception {
        PipelineServer server = server((n, body) -> PipelineServer.chunked("re " + body));
        PipelinedHttp http = http("chunked", Duration.ofSeconds(10), PipelinedHttp.DEFAULT_DEPTH);

        List<CompletableFuture<CallResponse>> futures = postMany(http, server.uri(), 100);
        assertAnswered(futures, 0, "re ");
    }

    @Test
    void anUnansweredCallTimesOutAndTheNextCallOpensANewConnection() throws Exception {
        PipelineServer server = server((n, body) -> n == 0 ? PipelineServer.silence() : PipelineServer.ok(body));
        PipelinedHttp http = http("timeout", Duration.ofMillis(300), PipelinedHttp.DEFAULT_DEPTH);

        assertThat(failure(post(http, server.uri(), "one"))).hasMessageContaining("no response from")
                .hasMessageContaining("within 300 ms");
        assertThat(post(http, server.uri(), "two").get(20, TimeUnit.SECONDS).body()).isEqualTo("two");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void callbacksMayPostEvenWhenNoMoreCallsMayBeInFlight() throws Exception {
        PipelineServer server = server((n, body) -> PipelineServer.ok(body));
        PipelinedHttp http = http("chain", Duration.ofSeconds(10), 1);

        CompletableFuture<CallResponse> last = post(http, server.uri(), "0");
        for (int i = 1; i < 100; i++) {
            String body = Integer.toString(i);
            last = last.thenCompose(reply -> post(http, server.uri(), body));
        }

        assertThat(last.get(20, TimeUnit.SECONDS).body()).isEqualTo("99");
        assertThat(server.mostPerRead()).isEqualTo(1);
    }

    @Test
    void closeFailsWhatIsPendingAndLaterPosts() throws Exception {
        PipelineServer server = server((n, body) -> PipelineServer.silence());
        PipelinedHttp http = http("closing", Duration.ofSeconds(30), 2);

        List<CompletableFuture<CallResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(post(http, server.uri(), "call " + i)); // 2 in flight, 3 queued
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.bodies().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.bodies()).as("two calls in flight, read by the server").hasSize(2);

        http.close();

        for (CompletableFuture<CallResponse> f : futures) {
            assertThat(failure(f)).hasMessageContaining("closing closed");
        }
        assertThat(failure(post(http, server.uri(), "late"))).hasMessageContaining("closing closed");
        assertThat(server.bodies()).hasSize(2);
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        PipelineServer server = server((n, body) -> PipelineServer.ok(body));
        PipelinedHttp http = http("idle", Duration.ofSeconds(10), PipelinedHttp.DEFAULT_DEPTH);

        assertThat(post(http, server.uri(), "one").get(20, TimeUnit.SECONDS).body()).isEqualTo("one");

        long deadline = System.nanoTime() + Lane.IDLE.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while (!server.closedByClient() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.closedByClient()).as("the client closed the idle connection").isTrue();
        assertThat(post(http, server.uri(), "two").get(20, TimeUnit.SECONDS).body()).isEqualTo("two");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionFailsTheQueuedCalls() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PipelinedHttp http = http("refused", Duration.ofSeconds(5), PipelinedHttp.DEFAULT_DEPTH);
        URI uri = URI.create("http://127.0.0.1:" + port + "/x");

        assertThat(failure(post(http, uri, "one"))).hasMessageContaining("cannot connect");
        assertThat(failure(post(http, uri, "two"))).as("tried again, and refused again")
                .hasMessageContaining("cannot connect");
    }

    @Test
    void httpsToAServerThatSpeaksNoTlsFailsWithinTheTimeout() throws Exception {
        PipelineServer server = server((n, body) -> PipelineServer.ok(body));
        PipelinedHttp http = http("tls", Duration.ofSeconds(1), PipelinedHttp.DEFAULT_DEPTH);
        URI https = URI.create("https://127.0.0.1:" + server.uri().getPort() + "/x");

        // The plain server never answers a TLS hello: the call is unanswered when the timeout passes.
        assertThat(failure(post(http, https, "one"))).hasMessageContaining("no response");
        assertThat(server.bodies()).isEmpty();
    }
}
