package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * The registry's counts by phase and its change feed, as a reader on another thread follows them while the
 * registry moves tasks the way the loop does (submitted on a caller's thread, added, launched, running, queued
 * again for a retry, updated, ended, late updates of ended ones, orphans, the history overflowing): the reader's
 * copy of the views, kept from the feed alone (and one pass over all of them when the feed says so), and the
 * counts are exactly what a pass over the views gives once the writer stopped.
 */
class TaskRegistryChangesTest {

    private static final TaskOptions OPTIONS = new TaskOptions(0.1, 32, Duration.ofMinutes(1), 2, "t", Map.of());
    private static final ByteString PAYLOAD = ByteString.copyFromUtf8("p");

    @Test
    void aReaderFollowingTheFeedHasEveryViewAndTheCountsAreAPassOverThem() throws Exception {
        Followed followed = follow(TaskChanges.CAPACITY, 0);
        assertThat(followed.passes).as("one pass, the first drain's").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFeedThatOverflowsFallsBackToAPassAndStaysExact() throws Exception {
        Followed followed = follow(64, 2);
        assertThat(followed.dropped).as("the small ring overflowed").isPositive();
        assertThat(followed.passes).as("a pass after each overflow, besides the first").isGreaterThan(1);
    }

    private record Followed(long dropped, int passes) {
    }

    /** Runs the writers against a reader draining every {@code pauseMillis}, and checks the end state. */
    private static Followed follow(int capacity, long pauseMillis) throws Exception {
        TaskRegistry registry = new TaskRegistry(1_000);
        TaskChanges feed = registry.openChanges(capacity);
        BlockingQueue<TaskRecord> submitted = new ArrayBlockingQueue<>(1_000);
        int tasks = 100_000;
        CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> submit(registry, submitted, tasks));
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> runLoop(registry, submitted, tasks));
        AtomicBoolean negative = new AtomicBoolean();
        Map<String, TaskView> copy = new HashMap<>();
        int passes = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            boolean done = loop.isDone();
            List<String> ids = new ArrayList<>();
            if (!feed.drainTo(ids::add)) {
                passes++;
                copy.clear();
                copy.putAll(registry.views());
            }
            for (String id : ids) {
                TaskView view = registry.views().get(id);
                if (view == null) {
                    copy.remove(id);
                } else {
                    copy.put(id, view);
                }
            }
            registry.publishedByPhase().values().forEach(n -> negative.compareAndSet(false, n < 0));
            if (done) {
                break;
            }
            assertThat(System.nanoTime()).as("the writers end within two minutes").isLessThan(deadline);
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        caller.get(1, TimeUnit.SECONDS);
        loop.get(1, TimeUnit.SECONDS);
        assertThat(negative).as("no count seen below zero").isFalse();
        assertThat(copy).as("the reader's copy is the views").isEqualTo(Map.copyOf(registry.views()));
        Map<TaskPhase, Integer> counted = new EnumMap<>(TaskPhase.class);
        for (TaskPhase phase : TaskPhase.values()) {
            counted.put(phase, 0);
        }
        registry.views().values().forEach(v -> counted.merge(v.phase(), 1, Integer::sum));
        assertThat(registry.publishedByPhase()).as("the counts are a pass over the views").isEqualTo(counted);
        assertThat(counted.get(TaskPhase.RUNNING) + counted.get(TaskPhase.LAUNCHED))
                .as("some tasks were left running, so every phase is tried").isPositive();
        System.out.printf("registry changes (ring %d): %d tasks, %d views at the end, %d dropped, %d passes, %s%n",
                capacity, tasks, copy.size(), feed.dropped(), passes, counted);
        return new Followed(feed.dropped(), passes);
    }

    /** A caller's thread: each task's first view is published before the loop takes it. */
    private static void submit(TaskRegistry registry, BlockingQueue<TaskRecord> submitted, int tasks) {
        try {
            for (int i = 0; i < tasks; i++) {
                TaskRecord r = new TaskRecord("t" + i, OPTIONS, PAYLOAD, new CompletableFuture<>(), Instant.now());
                registry.publishNew(r);
                submitted.put(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The loop's thread: every move the scheduler makes, chosen at random, some tasks left running. */
    private static void runLoop(TaskRegistry registry, BlockingQueue<TaskRecord> submitted, int tasks) {
        SplittableRandom random = new SplittableRandom(42);
        List<TaskRecord> inFlight = new ArrayList<>();
        List<TaskRecord> ended = new ArrayList<>();
        try {
            for (int i = 0; i < tasks; i++) {
                TaskRecord r = submitted.poll(30, TimeUnit.SECONDS);
                if (r == null) {
                    throw new IllegalStateException("the caller stopped submitting");
                }
                registry.add(r);
                if (random.nextInt(20) == 0) {
                    registry.moveTo(r, TaskPhase.CANCELLED, Instant.now()); // cancelled while queued
                    ended.add(r);
                    continue;
                }
                launch(registry, r);
                inFlight.add(r);
                // Two steps a task (half of them end it) keep about 200 in flight, and leave them so at the end.
                for (int k = 0; k < 2 && inFlight.size() > 200; k++) {
                    step(registry, inFlight.remove(random.nextInt(inFlight.size())), random, ended, inFlight);
                }
                if (random.nextInt(50) == 0 && !ended.isEmpty()) {
                    // A late update of an ended task, maybe gone from history: its view comes back.
                    registry.publish(ended.get(random.nextInt(ended.size())));
                }
                if (random.nextInt(500) == 0) {
                    registry.recordOrphan("old-" + i + ".1", "agent", "executor", update("old-" + i + ".1"),
                            Instant.now());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void launch(TaskRegistry registry, TaskRecord r) {
        r.attempts++;
        registry.attemptLaunched(r, r.mesosIdFor(r.attempts));
        registry.moveTo(r, TaskPhase.LAUNCHED, Instant.now());
        registry.peekReady(1);
    }

    /** One move of a launched task: running, an update, a retry, or its end. */
    private static void step(TaskRegistry registry, TaskRecord r, SplittableRandom random, List<TaskRecord> ended,
                             List<TaskRecord> inFlight) {
        switch (random.nextInt(6)) {
            case 0 -> {
                registry.moveTo(r, TaskPhase.RUNNING, Instant.now());
                inFlight.add(r);
            }
            case 1 -> {
                registry.republish(r); // where an attempt ran became known
                inFlight.add(r);
            }
            case 2 -> {
                registry.attemptEnded(r);
                registry.moveTo(r, TaskPhase.QUEUED, Instant.now());
                registry.makeReady(r);
                launch(registry, r);
                inFlight.add(r);
            }
            default -> {
                registry.attemptEnded(r);
                TaskPhase end = random.nextInt(4) == 0 ? TaskPhase.FAILED : TaskPhase.SUCCEEDED;
                registry.moveTo(r, end, Instant.now());
                ended.add(r);
            }
        }
    }

    private static StatusUpdate update(String mesosId) {
        return StatusUpdate.of(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(mesosId))
                .setState(TaskState.TASK_RUNNING).build(), 0, Instant.now());
    }
}
