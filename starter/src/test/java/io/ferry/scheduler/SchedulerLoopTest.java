package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scheduler's loop on a thread it is given: order, batches, what a burst leaves to the thread, its end. */
@Timeout(30)
class SchedulerLoopTest {

    /** A one-thread executor that counts how the loop asks it to run batches. */
    private static final class CountingThread extends ScheduledThreadPoolExecutor {
        final AtomicInteger executed = new AtomicInteger();
        final AtomicInteger scheduled = new AtomicInteger();
        /** The superclass's execute schedules with no delay: that is not counted as a schedule. */
        private final ThreadLocal<Boolean> inExecute = ThreadLocal.withInitial(() -> false);

        CountingThread() {
            super(1);
        }

        @Override
        public void execute(Runnable command) {
            executed.incrementAndGet();
            inExecute.set(true);
            try {
                super.execute(command);
            } finally {
                inExecute.set(false);
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (!inExecute.get()) {
                scheduled.incrementAndGet();
            }
            return super.schedule(command, delay, unit);
        }
    }

    private final CountingThread thread = new CountingThread();
    private final AtomicInteger batches = new AtomicInteger();
    private final SchedulerLoop loop = new SchedulerLoop(batches::incrementAndGet,
            new SchedulerMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    @Test
    void workRunsInOrderAndABurstLetsTheThreadDoOtherWorkBetweenFullBatches() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2500; i++) {
            int n = i;
            loop.post(() -> seen.add(n));
        }
        CountDownLatch done = new CountDownLatch(1);
        loop.post(done::countDown);
        loop.start(thread);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 2500).boxed().toList());
        // 1,024 + 1,024 + the rest; the last batch's after-batch step runs just after the latch opened.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(batches).hasValue(3));
        // The first batch was executed; the two after a full batch were scheduled (the thread's I/O goes first).
        assertThat(thread.executed).hasValue(1);
        assertThat(thread.scheduled).hasValue(2);
    }

    @Test
    void workPostedToAnIdleLoopRunsAtOnce() throws Exception {
        loop.start(thread);
        for (int i = 0; i < 3; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            loop.post(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(thread.scheduled).hasValue(0);
    }

    @Test
    void stopRunsTheLastStepAfterWhatCameBeforeAndDropsWhatComesAfter() throws Exception {
        loop.start(thread);
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        loop.post(() -> seen.add("before"));
        loop.stop(() -> {
            seen.add("last");
            last.countDown();
        });
        assertThat(loop.running()).isFalse();
        assertThat(last.await(10, TimeUnit.SECONDS)).isTrue();
        loop.post(() -> seen.add("after"));
        CountDownLatch drained = new CountDownLatch(1);
        thread.execute(drained::countDown); // the thread runs in order: the loop's work, if any, went first
        assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("before", "last");
    }
}
