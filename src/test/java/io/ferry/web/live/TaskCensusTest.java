package io.ferry.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskChanges;
import io.ferry.scheduler.TaskHistory;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.TaskOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The publisher's census of the tasks, kept from a real scheduler's change feed while its registry moves tasks the
 * way the loop does (through {@link TaskHistory}, on another thread, the history overflowing): once the moves stop,
 * the phase counts, the recent rows and the task stream's bars are what one pass over every task gives.
 */
class TaskCensusTest {

    private static final TaskOptions OPTIONS = new TaskOptions(0.1, 32, Duration.ofMinutes(1), 0, "census", Map.of());
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void followsConcurrentChangesAndEndsExactlyAsAPassOverTheTasks() throws Exception {
        TaskHistory history = TaskHistory.create(500);
        MeterRegistry meters = new SimpleMeterRegistry();
        StreamWindow window = new StreamWindow(StreamWindow.CAPACITY);
        TaskCensus census = census(history, meters, window);
        int tasks = 20_000;
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> fill(history, tasks, 0));
        int rounds = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!loop.isDone()) {
            census.take();
            rounds++;
            assertThat(System.nanoTime()).as("the moves end within a minute").isLessThan(deadline);
            Thread.sleep(1);
        }
        loop.get(1, TimeUnit.SECONDS);
        TaskCensus.Census last = census.take();
        assertExact(history, last, window);
        assertThat(passes(meters, "start")).isEqualTo(1);
        System.out.printf("census: %d tasks, %d rounds, %s passes for overflow, %s for recent rows%n", tasks, rounds,
                passes(meters, "overflow"), passes(meters, "recent"));
    }

    @Test
    void aFeedThatOverflowedCostsOnePassAndStaysExact() {
        TaskHistory history = TaskHistory.create(100_000);
        MeterRegistry meters = new SimpleMeterRegistry();
        StreamWindow window = new StreamWindow(StreamWindow.CAPACITY);
        TaskCensus census = census(history, meters, window);
        census.take();
        // Three or four changes a task: more than the feed holds, between two rounds.
        fill(history, TaskChanges.CAPACITY / 2, 1);
        TaskCensus.Census afterOverflow = census.take();
        assertThat(passes(meters, "overflow")).as("the overflow cost one pass").isEqualTo(1);
        assertExact(history, afterOverflow, window);
        fill(history, 100, 2);
        TaskCensus.Census next = census.take();
        assertThat(passes(meters, "overflow")).as("the feed is followed again").isEqualTo(1);
        assertExact(history, next, window);
    }

    private static TaskCensus census(TaskHistory history, MeterRegistry meters, StreamWindow window) {
        return new TaskCensus(history.scheduler(), new TaskService(history.scheduler(), OPTIONS),
                new StreamChanges(StreamChanges.MAX_BARS, window), meters);
    }

    /** Tasks that succeed, fail, run on, are cancelled while queued, or get more updates. */
    private static void fill(TaskHistory history, int tasks, int seed) {
        List<String> running = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            Instant at = T.plusMillis(i * 10L + seed);
            switch (i % 7) {
                case 0 -> history.failed(OPTIONS, at, new IllegalStateException("no " + i));
                case 1 -> history.cancelledQueued(OPTIONS, at);
                case 2 -> running.add(history.running(OPTIONS, at).id());
                case 3 -> {
                    if (!running.isEmpty()) {
                        history.updates(running.get(running.size() / 2), 2);
                    }
                    history.succeeded(OPTIONS, at, "r" + i);
                }
                default -> history.succeeded(OPTIONS, at, "r" + i);
            }
        }
    }

    private static void assertExact(TaskHistory history, TaskCensus.Census census, StreamWindow window) {
        List<TaskView> all = history.scheduler().tasks();
        Map<String, Integer> phases = new LinkedHashMap<>();
        for (TaskPhase phase : TaskPhase.values()) {
            phases.put(phase.name(), 0);
        }
        all.forEach(v -> phases.merge(v.phase().name(), 1, Integer::sum));
        assertThat(census.phases()).as("the counts are a pass's").isEqualTo(phases);
        RecentRows pass = new RecentRows(LiveSnapshots.RECENT_TASKS, LiveSnapshots.RECENT_TASKS);
        pass.rebuild(all);
        assertThat(census.recent()).as("the recent rows are a pass's").isEqualTo(pass.shown());
        assertThat(census.recent().recent()).hasSize(LiveSnapshots.RECENT_TASKS);
        List<String> runningBars = window.bars().stream().filter(b -> b.end() == null).map(StreamBar::id).sorted()
                .toList();
        List<String> runningTasks = all.stream().filter(v -> v.phase() == TaskPhase.RUNNING).map(TaskView::id)
                .sorted().toList();
        assertThat(runningBars).as("the stream's running bars are the running tasks").isEqualTo(runningTasks);
    }

    private static double passes(MeterRegistry meters, String reason) {
        return meters.get(TaskCensus.PASSES).tag("reason", reason).counter().count();
    }
}
