package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import io.ferry.wire.JavaSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queue has a bound: past it a submit fails at once, or waits for room if the caller asked to. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackPressureTest {

    private static final TaskOptions OPTIONS = new TaskOptions(0.1, 32, Duration.ofMinutes(1), 0, "t", Map.of());

    @Test
    void aFullQueueRejectsOrWaitsAndCancellingMakesRoom() throws Exception {
        // A master that subscribes the framework and never offers anything: tasks stay queued.
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            SchedulerSettings settings = new SchedulerSettings(
                    url -> FrameworkInfo.newBuilder().setUser("u").setName("test").build(), null, null,
                    SchedulerSettings.executorSettings(0.1, 64, null, "", 4, 1 << 20, "token-0123456789abcdef",
                            Duration.ofSeconds(1)),
                    3, Long.MAX_VALUE, 100, Duration.ofSeconds(30), Duration.ofSeconds(5), 5,
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), false, FrameworkIdStore.none(),
                    getClass().getClassLoader());
            FerryScheduler scheduler = new FerryScheduler(settings, master::url, () -> URI.create("http://x:1"),
                    new SchedulerMetrics(new SimpleMeterRegistry()));
            scheduler.start();
            try {
                ByteString payload =
                        JavaSerialization.serializeToByteString((io.ferry.task.Task<Integer>) () -> 1, 1024);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String id = scheduler.newTaskId();
                    scheduler.submit(id, payload, OPTIONS, new CompletableFuture<>(), null);
                    ids.add(id);
                }

                assertThatThrownBy(() -> scheduler.submit(scheduler.newTaskId(), payload, OPTIONS,
                        new CompletableFuture<>(), null))
                        .isInstanceOf(RejectedExecutionException.class)
                        .hasMessageContaining("3 submitted tasks are queued already (ferry.queue.capacity)");
                assertThatThrownBy(() -> scheduler.submit(scheduler.newTaskId(), payload, OPTIONS,
                        new CompletableFuture<>(), Duration.ofMillis(200)))
                        .isInstanceOf(RejectedExecutionException.class)
                        .hasMessageContaining("waited PT0.2S for room");

                // A producer that waits gets in as soon as a queued task is cancelled.
                CompletableFuture<Void> admitted = new CompletableFuture<>();
                Thread producer = new Thread(() -> {
                    try {
                        scheduler.submit(scheduler.newTaskId(), payload, OPTIONS, new CompletableFuture<>(),
                                Duration.ofSeconds(30));
                        admitted.complete(null);
                    } catch (Throwable t) {
                        admitted.completeExceptionally(t);
                    }
                }, "waiting-producer");
                producer.start();
                awaitWaitingForRoom(producer);
                assertThat(admitted).isNotDone();
                assertThat(scheduler.cancel(ids.get(0))).isTrue();
                admitted.get(30, TimeUnit.SECONDS);
                // The room is freed as the loop cancels the task; its view is published at the end of that batch.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (scheduler.task(ids.get(0)).orElseThrow().phase() != TaskPhase.CANCELLED
                        && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(scheduler.task(ids.get(0)).orElseThrow().phase()).isEqualTo(TaskPhase.CANCELLED);
                assertThat(scheduler.queuedCount()).isEqualTo(3);
            } finally {
                scheduler.stop();
            }
        }
    }

    /** Waits (at most 10 s) until {@code producer} is parked in {@link QueueRoom#take}, waiting for room. */
    private static void awaitWaitingForRoom(Thread producer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(producer.getState() == Thread.State.TIMED_WAITING && java.util.Arrays.stream(producer.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(QueueRoom.class.getName()) && f.getMethodName().equals("take")))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the producer never waited for room: " + producer.getState() + " "
                        + java.util.Arrays.toString(producer.getStackTrace()));
            }
            Thread.sleep(5);
        }
    }
}
