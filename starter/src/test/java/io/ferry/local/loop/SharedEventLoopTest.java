package io.ferry.local.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loops on one shared thread ({@link EventLoop#on}): one order per loop, one end per loop. */
@Timeout(30)
class SharedEventLoopTest {

    private final Thread[] thread = new Thread[1];
    private final ScheduledExecutorService shared = Executors.newSingleThreadScheduledExecutor(r -> {
        thread[0] = new Thread(r, "shared-test");
        return thread[0];
    });

    private EventLoop loop() {
        return EventLoop.on(shared, () -> Thread.currentThread() == thread[0]);
    }

    @AfterEach
    void stop() {
        shared.shutdownNow();
    }

    @Test
    void loopsRunOnTheSharedThreadEachInItsOrder() throws Exception {
        EventLoop a = loop();
        EventLoop b = loop();
        List<String> seen = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            a.execute(() -> seen.add("a" + n + "@" + Thread.currentThread().getName()));
            b.execute(() -> seen.add("b" + n + "@" + Thread.currentThread().getName()));
        }
        assertThat(b.call(a::inLoop).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.inLoop()).isFalse();
        assertThat(seen).hasSize(200).allMatch(s -> s.endsWith("@shared-test"));
        assertThat(seen.stream().filter(s -> s.startsWith("a")).map(s -> s.substring(0, s.indexOf('@'))))
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "a" + i).toList());
    }

    @Test
    void aClosedLoopDropsItsWorkAndTimersWhileTheOthersGoOn() throws Exception {
        EventLoop closing = loop();
        EventLoop staying = loop();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        closing.schedule(dropped::incrementAndGet, Duration.ofMillis(200));
        staying.schedule(kept::incrementAndGet, Duration.ofMillis(200));
        closing.close();
        closing.execute(dropped::incrementAndGet);
        closing.schedule(dropped::incrementAndGet, Duration.ZERO);
        assertThatThrownBy(() -> closing.call(() -> 1).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("closed");
        Thread.sleep(400); // past both timers
        assertThat(staying.call(() -> "still here").get(5, TimeUnit.SECONDS)).isEqualTo("still here");
        assertThat(dropped).hasValue(0);
        assertThat(kept).hasValue(1);
        assertThat(shared.isShutdown()).isFalse();
    }

    @Test
    void closingWaitsForTheStepInProgress() throws Exception {
        EventLoop loop = loop();
        AtomicInteger finished = new AtomicInteger();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        loop.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        loop.close();
        assertThat(finished).hasValue(1);
    }

    @Test
    void aLoopClosedFromItsOwnStepDoesNotWaitForItself() throws Exception {
        EventLoop loop = loop();
        long took = loop.call(() -> {
            long start = System.nanoTime();
            loop.close();
            return System.nanoTime() - start;
        }).get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void stoppingTheThreadEndsTheLoops() {
        EventLoop loop = loop();
        shared.shutdownNow();
        loop.execute(() -> { }); // dropped, not thrown
        assertThat(loop.schedule(() -> { }, Duration.ZERO).isCancelled()).isTrue();
        assertThatThrownBy(() -> loop.call(() -> 1).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }
}
