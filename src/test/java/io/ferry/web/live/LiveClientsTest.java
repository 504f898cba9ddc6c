package io.ferry.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The clients' mailboxes and writers, with emitters that stand for browsers: one that reads, one whose socket is
 * full (its send blocks until released), one that is gone (its send fails).
 */
@Timeout(30)
class LiveClientsTest {

    private static final Duration STALL = Duration.ofSeconds(5);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveClients clients =
            new LiveClients(new LiveClients.Limits(3, STALL, Duration.ofHours(1), 2), meters);

    @AfterEach
    void close() {
        clients.closeAll(Duration.ofSeconds(1));
    }

    @Test
    void aClientWhoseWriteIsStuckIsDroppedAndTheOthersGoOn() throws Exception {
        Browser stuck = Browser.stuck();
        Browser reader = Browser.reading();
        clients.open(stuck);
        LiveClient readerClient = clients.open(reader);

        clients.publish(new Frame("overview", "{\"n\":1}"));
        // The reader's write must have returned too (a browser's sent list grows before its write returns): the
        // sweep below looks a stall ahead, where a write still under way would count as stuck.
        await(() -> stuck.sent.size() == 1 && reader.sent.size() == 1
                && readerClient.writingFor(System.nanoTime()) == 0);
        clients.sweep(System.nanoTime());
        assertThat(clients.size()).as("a write stuck for less than the limit is waited for").isEqualTo(2);

        clients.sweep(System.nanoTime() + STALL.toNanos() + 1);

        assertThat(clients.size()).isEqualTo(1);
        assertThat(meters.counter(LiveClients.DROPPED, "reason", "slow").count()).isEqualTo(1);
        clients.publish(new Frame("overview", "{\"n\":2}"));
        await(() -> reader.sent.size() == 2);
        assertThat(stuck.sent).hasSize(1);
        assertThat(stuck.completed.getCount()).as("not completed while its write is stuck").isEqualTo(1);

        stuck.release.countDown();
        assertThat(stuck.completed.await(10, TimeUnit.SECONDS)).as("completed once the write returns").isTrue();
        assertThat(stuck.sent).hasSize(1);
    }

    @Test
    void aSlowClientGetsOnlyTheNewestFrameOfEachType() throws Exception {
        Browser slow = Browser.stuck();
        clients.open(slow);

        clients.publish(new Frame("overview", "{\"n\":1}"));
        await(() -> slow.sent.size() == 1);
        for (int n = 2; n <= 50; n++) {
            clients.publish(new Frame("overview", "{\"n\":" + n + "}"));
            clients.publish(new Frame("tasks", "{\"t\":" + n + "}"));
        }
        slow.release.countDown();

        await(() -> slow.sent.size() == 3);
        assertThat(slow.sent).containsExactly("overview {\"n\":1}", "overview {\"n\":50}", "tasks {\"t\":50}");
    }

    @Test
    void aNewClientGetsTheNewestFrameOfEachTypeAtOnce() throws Exception {
        clients.publish(new Frame("overview", "{\"n\":1}"));
        clients.publish(new Frame("offers", "{\"o\":1}"));
        clients.publish(new Frame("overview", "{\"n\":2}"));

        Browser late = Browser.reading();
        clients.open(late);

        await(() -> late.sent.size() == 2);
        assertThat(late.sent).containsExactly("overview {\"n\":2}", "offers {\"o\":1}");
    }

    @Test
    void aNewClientGetsTheStreamsWindowThenTheDiffsAfterIt() throws Exception {
        clients.publish(new Frame("stream", "{\"seq\":1}"));
        Browser late = Browser.reading();
        clients.open(late);
        assertThat(clients.anyNeedsWindow()).isTrue();
        clients.publish(new Frame("stream", "{\"seq\":2}"));

        clients.sendWindow(new Frame("stream", "{\"seq\":2,\"window\":true}"));
        clients.publish(new Frame("stream", "{\"seq\":3}"));

        await(() -> late.sent.size() == 2);
        assertThat(late.sent).containsExactly("stream {\"seq\":2,\"window\":true}", "stream {\"seq\":3}");
        assertThat(clients.anyNeedsWindow()).isFalse();
        assertThat(meters.counter(LiveClients.STREAM_WINDOWS).count()).isEqualTo(1);
    }

    @Test
    void aClientThatFellBehindTheStreamCatchesUpFromTheWindowNotLosingBars() throws Exception {
        Browser slow = Browser.stuck();
        clients.open(slow);
        clients.sendWindow(new Frame("stream", "{\"seq\":0,\"window\":true}"));
        await(() -> slow.sent.size() == 1);

        // Stuck in its first write, it is sent diffs: the first few queue, every one of them.
        for (int n = 1; n <= LiveClient.STREAM_QUEUE; n++) {
            clients.publish(new Frame("stream", "{\"seq\":" + n + "}"));
        }
        assertThat(clients.anyNeedsWindow()).isFalse();
        // One more than its queue holds: it is owed the window instead, and is sent no more diffs.
        clients.publish(new Frame("stream", "{\"seq\":" + (LiveClient.STREAM_QUEUE + 1) + "}"));
        assertThat(clients.anyNeedsWindow()).isTrue();
        assertThat(meters.counter(LiveClients.STREAM_OVERFLOWS).count()).isEqualTo(1);
        clients.publish(new Frame("stream", "{\"seq\":" + (LiveClient.STREAM_QUEUE + 2) + "}"));
        int last = LiveClient.STREAM_QUEUE + 2;
        clients.sendWindow(new Frame("stream", "{\"seq\":" + last + ",\"window\":true}"));
        clients.publish(new Frame("stream", "{\"seq\":" + (last + 1) + "}"));
        slow.release.countDown();

        await(() -> slow.sent.size() == 3);
        assertThat(slow.sent).containsExactly("stream {\"seq\":0,\"window\":true}",
                "stream {\"seq\":" + last + ",\"window\":true}", "stream {\"seq\":" + (last + 1) + "}");
    }

    @Test
    void aReaderThatKeepsUpGetsEveryDiffInOrder() throws Exception {
        Browser reader = Browser.reading();
        clients.open(reader);
        clients.sendWindow(new Frame("stream", "{\"seq\":0,\"window\":true}"));
        for (int n = 1; n <= 3 * LiveClient.STREAM_QUEUE; n++) {
            clients.publish(new Frame("stream", "{\"seq\":" + n + "}"));
            int sent = n + 1;
            await(() -> reader.sent.size() == sent);
        }

        assertThat(reader.sent).hasSize(3 * LiveClient.STREAM_QUEUE + 1).endsWith(
                "stream {\"seq\":" + 3 * LiveClient.STREAM_QUEUE + "}");
        assertThat(meters.counter(LiveClients.STREAM_OVERFLOWS).count()).isZero();
        assertThat(meters.counter(LiveClients.EVENTS_SENT, "type", "stream").count())
                .isEqualTo(3 * LiveClient.STREAM_QUEUE + 1);
    }

    @Test
    void aClientThatIsGoneIsRemovedAtItsNextWrite() throws Exception {
        Browser gone = Browser.gone();
        clients.open(gone);

        clients.publish(new Frame("overview", "{}"));

        await(() -> clients.size() == 0);
        assertThat(gone.completed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void refusesClientsBeyondTheLimit() {
        for (int i = 0; i < 3; i++) {
            assertThat(clients.open(Browser.reading())).isNotNull();
        }

        assertThat(clients.open(Browser.reading())).isNull();
        assertThat(meters.counter(LiveClients.REFUSED).count()).isEqualTo(1);
        assertThat(meters.get(LiveClients.CLIENTS).gauge().value()).isEqualTo(3);
    }

    @Test
    void keepAlivesTestIdleConnections() throws Exception {
        Browser idle = Browser.reading();
        clients.open(idle);

        clients.sweep(System.nanoTime() + Duration.ofHours(2).toNanos());

        await(() -> idle.sent.size() == 1);
        assertThat(idle.sent.get(0)).isEqualTo("comment " + Frame.KEEP_ALIVE);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s for the writers").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** An emitter standing for a browser: records each event as "type data" (or "comment text"). */
    private static final class Browser extends SseEmitter {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch release;
        final CountDownLatch completed = new CountDownLatch(1);
        private final boolean gone;

        private Browser(CountDownLatch release, boolean gone) {
            this.release = release;
            this.gone = gone;
        }

        static Browser reading() {
            return new Browser(new CountDownLatch(0), false);
        }

        /** Its socket is full: each send blocks until {@link #release} (bounded, so a broken test ends). */
        static Browser stuck() {
            return new Browser(new CountDownLatch(1), false);
        }

        static Browser gone() {
            return new Browser(new CountDownLatch(0), true);
        }

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            if (gone) {
                throw new IOException("Broken pipe");
            }
            sent.add(describe(builder));
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IOException("write timed out");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void complete() {
            completed.countDown();
        }

        private static String describe(SseEventBuilder builder) {
            String raw = builder.build().stream().map(d -> String.valueOf(d.getData()))
                    .collect(Collectors.joining());
            if (raw.startsWith(":")) {
                return "comment " + raw.substring(1).strip();
            }
            String type = raw.lines().filter(l -> l.startsWith("event:")).findFirst().orElseThrow().substring(6);
            String data = raw.lines().filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5);
            return type + " " + data;
        }
    }
}
