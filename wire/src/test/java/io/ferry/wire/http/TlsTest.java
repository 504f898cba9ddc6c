package io.ferry.wire.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client over real TLS: a {@link RawServer} on the JDK's {@code SSLServerSocket} (not Netty: client and server
 * share no code) with a self-signed certificate, and the client as users run it, trusting what the JDK trusts.
 *
 * <p>Which certificates it trusts is the JVM's trust store, which the wire module's tests set the way a user does,
 * with {@code -Djavax.net.ssl.trustStore} (see {@code wire/pom.xml}): {@code trust.p12} holds the certificates of
 * {@code localhost.p12} (for 127.0.0.1) and {@code elsewhere.p12} (for another name), not that of
 * {@code stranger.p12}. {@code src/test/resources/tls/make-keystores.sh} made them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsTest {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/x-protobuf");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The longest any outcome is waited for: beyond it the test fails rather than hangs. */
    private static final long BOUND_SECONDS = 20;

    @BeforeAll
    static void runsWithTheTestTrustStore() {
        // Without it (a run outside Maven) every case below would fail for a reason that is not theirs.
        assertThat(System.getProperty("javax.net.ssl.trustStore"))
                .as("the JVM's trust store: wire/pom.xml sets it for the tests")
                .endsWith("trust.p12");
    }

    @Test
    void pipelinedCallsGoOverTlsToATrustedServer() throws Exception {
        try (RawServer server = tlsServer("localhost.p12", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
             PipelinedHttp http = new PipelinedHttp("tls", TIMEOUT)) {
            List<CompletableFuture<CallResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(http.post(server.uri("https"), HEADERS, new byte[] {(byte) i}));
            }
            for (CompletableFuture<CallResponse> call : calls) {
                CallResponse response = call.get(BOUND_SECONDS, TimeUnit.SECONDS);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
            }
            assertThat(server.requests()).isEqualTo(20);
            assertThat(server.connections()).as("kept alive: one connection, one handshake").isEqualTo(1);
        }
    }

    @Test
    void aSubscribeStreamsOverTlsAndEndsWhenClosedFromAnotherThread() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/recordio\r\nMesos-Stream-Id: s-1\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        String firstEvent = "5\n" + "hello"; // a RecordIO record; the stream then stays open, quiet
        String chunk = Integer.toHexString(firstEvent.length()) + "\r\n" + firstEvent + "\r\n";
        try (RawServer server = tlsServer("localhost.p12", head + chunk)) {
            StreamingPost.Response response = StreamingPost.post(server.uri("https"), HEADERS, new byte[] {1},
                    TIMEOUT);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Mesos-Stream-Id")).contains("s-1");
            InputStream body = response.body();
            assertThat(new String(body.readNBytes(firstEvent.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(firstEvent);
            // A reader blocked on the quiet stream (the scheduler's stream thread) is ended by a close elsewhere
            // (its heartbeat watchdog, or a stop).
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return "read " + body.read();
                } catch (IOException e) {
                    return "error: " + e;
                }
            });
            Thread.sleep(300); // the read is waiting by now (and, were it not, it would fail on the closed stream)
            assertThat(next).isNotDone();
            body.close();
            assertThat(next.get(BOUND_SECONDS, TimeUnit.SECONDS)).startsWith("error");
        }
    }

    @Test
    void anHttpsSubscribeWithoutAHeadTimesOutAfterTheHandshake() throws Exception {
        try (RawServer silent = tlsServer("localhost.p12", "")) {
            // Long enough for a first handshake in a cold JVM on a busy machine (it took over 500 ms once): the
            // case is a head that does not come after the handshake, not a handshake that does not end.
            Duration timeout = Duration.ofSeconds(5);
            CompletableFuture<String> outcome = CompletableFuture.supplyAsync(
                    () -> subscribe(silent.uri("https"), timeout, c -> { }));
            assertThat(outcome.get(BOUND_SECONDS, TimeUnit.SECONDS))
                    .startsWith("error: java.net.SocketTimeoutException: no response head");
            // The request went through the handshake and was read: it was the head that never came.
            assertThat(silent.requests()).isEqualTo(1);
        }
    }

    @Test
    void anHttpsSubscribeWaitingForItsHeadEndsWhenCancelledFromAnotherThread() throws Exception {
        try (RawServer silent = tlsServer("localhost.p12", "")) {
            AtomicReference<Closeable> cancel = new AtomicReference<>();
            CompletableFuture<String> outcome = CompletableFuture.supplyAsync(
                    () -> subscribe(silent.uri("https"), Duration.ofSeconds(60), cancel::set));
            await(() -> silent.requests() == 1); // past the handshake, the request read: waiting for the head
            assertThat(outcome).isNotDone();
            cancel.get().close();
            assertThat(outcome.get(BOUND_SECONDS, TimeUnit.SECONDS)).startsWith("error");
        }
    }

    @Test
    void anUntrustedCertificateFailsTheCallAndTheSubscribe() throws Exception {
        try (RawServer server = tlsServer("stranger.p12", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            String call = call(server.uri("https"));
            String subscribe = subscribe(server.uri("https"), TIMEOUT, c -> { });
            System.out.println("untrusted certificate: call: " + call + "\n  subscribe: " + subscribe);
            assertThat(call).startsWith("error: java.io.IOException: cannot connect")
                    .contains("TLS handshake with 127.0.0.1:" + server.port() + " failed: PKIX path building failed");
            assertThat(subscribe).startsWith("error: javax.net.ssl.SSLHandshakeException: TLS handshake with 127.0.0.1:"
                    + server.port() + " failed: PKIX path building failed");
            assertThat(server.requests()).as("nothing was sent to the server").isZero();
        }
    }

    @Test
    void aCertificateForAnotherNameFailsTheCallAndTheSubscribe() throws Exception {
        // Trusted, but for elsewhere.invalid: the client asked for 127.0.0.1.
        try (RawServer server = tlsServer("elsewhere.p12", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            String call = call(server.uri("https"));
            String subscribe = subscribe(server.uri("https"), TIMEOUT, c -> { });
            System.out.println("certificate for another name: call: " + call + "\n  subscribe: " + subscribe);
            assertThat(call).startsWith("error: java.io.IOException: cannot connect")
                    .contains("failed: No subject alternative names matching IP address 127.0.0.1 found");
            assertThat(subscribe).startsWith("error: javax.net.ssl.SSLHandshakeException: TLS handshake with")
                    .contains("failed: No subject alternative names matching IP address 127.0.0.1 found");
            assertThat(server.requests()).as("nothing was sent to the server").isZero();
        }
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsTheCallAsNotSent() throws Exception {
        // With a call timeout longer than SslHandler's handshake timeout (10 s; Ferry's calls wait 75 s), the
        // handshake gives up first: the call was never sent, and says so. (With a shorter call timeout the call
        // times out as written and unanswered: PipelinedHttpTest#httpsToAServerThatSpeaksNoTlsFailsWithinTheTimeout.)
        try (RawServer plain = new RawServer(RawServer.Answer.of(""));
             PipelinedHttp http = new PipelinedHttp("tls", Duration.ofSeconds(60))) {
            CompletableFuture<CallResponse> call = http.post(plain.uri("https"), HEADERS, new byte[] {1});
            Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> call.get(BOUND_SECONDS + 10, TimeUnit.SECONDS)).getCause();
            System.out.println("server that never answers the handshake: " + failure);
            assertThat(failure).isNotInstanceOf(PipelinedHttp.UnansweredException.class)
                    .hasMessageContaining("cannot connect").hasMessageContaining("TLS handshake with 127.0.0.1:"
                            + plain.port());
        }
    }

    @Test
    void theSameServerOverPlainHttpIsNoHttpsServer() throws Exception {
        // The other way round: an http URL to the TLS server fails too (and bounded), rather than hanging.
        try (RawServer server = tlsServer("localhost.p12", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            assertThat(call(server.uri("http"))).startsWith("error");
        }
    }

    /**
     * A call's outcome: "ok BODY" or "error: " and the exception (an {@code IOException}: nothing sent; a
     * {@code PipelinedHttp.UnansweredException}: written and unanswered).
     */
    private static String call(URI uri) throws Exception {
        try (PipelinedHttp http = new PipelinedHttp("tls", TIMEOUT)) {
            try {
                return "ok " + http.post(uri, HEADERS, new byte[] {1}).get(BOUND_SECONDS, TimeUnit.SECONDS).body();
            } catch (ExecutionException e) {
                return "error: " + e.getCause();
            }
        }
    }

    /** A SUBSCRIBE's outcome: "ok STATUS" (the stream then closed) or "error: " and the exception. */
    private static String subscribe(URI uri, Duration timeout, java.util.function.Consumer<Closeable> opened) {
        try {
            StreamingPost.Response response = StreamingPost.post(uri, HEADERS, new byte[] {1}, timeout, opened);
            response.body().close();
            return "ok " + response.status();
        } catch (IOException e) {
            return "error: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %d s", BOUND_SECONDS).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A raw server over TLS on 127.0.0.1, its key and certificate from {@code keystore} (a test resource). */
    private static RawServer tlsServer(String keystore, String answer) throws IOException {
        try (InputStream in = TlsTest.class.getResourceAsStream("/tls/" + keystore)) {
            assertThat(in).as("test resource /tls/%s", keystore).isNotNull();
            char[] password = "changeit".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            ServerSocket listener = context.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new RawServer(RawServer.Answer.of(answer), listener);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load " + keystore, e);
        }
    }
}
