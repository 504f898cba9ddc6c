package io.ferry.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.TaskFailure;
import io.ferry.task.TaskOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 2,000 tasks while executors are killed at random: every future completes exactly once, with the right value or
 * a failure that says it ran out of attempts; no task is launched more than 1 + retries times; and once it is
 * over, the agents hold no task of ours (the scheduler's records and the agents' agree: nothing leaked).
 */
@FaultContext
class ChaosTest {

    private static final int TASKS = 2_000;
    private static final int RETRIES = 3;

    @Autowired
    TaskService tasks;
    @Autowired
    FerryScheduler scheduler;

    @Test
    void everyFutureCompletesOnceWhileExecutorsDie() throws Exception {
        // Half a cpu each: 7 at a time per agent, so the run lasts a few seconds and the kills land in it.
        TaskOptions options = tasks.defaultOptions().withMaxRetries(RETRIES).withCpus(0.5);
        AtomicIntegerArray completions = new AtomicIntegerArray(TASKS);
        List<TaskFuture<Integer>> futures = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            TaskFuture<Integer> future = tasks.submit(() -> {
                Thread.sleep(5 + n % 20);
                return n;
            }, options);
            future.whenComplete((v, e) -> completions.incrementAndGet(n));
            futures.add(future);
        }

        Random random = new Random(42);
        Set<Long> killed = new HashSet<>();
        CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        for (int kill = 0; kill < 3 && futures.stream().anyMatch(f -> !f.isDone()); kill++) {
            Thread.sleep(300 + random.nextInt(300));
            List<ExecutorPlace> running = scheduler.state().executors().stream()
                    .filter(ExecutorPlace::running)
                    .filter(p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).toList();
            if (!running.isEmpty()) {
                ExecutorPlace victim = running.get(random.nextInt(running.size()));
                ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
                killed.add(victim.pid());
            }
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(180, TimeUnit.SECONDS);

        int succeeded = 0;
        int failed = 0;
        for (int i = 0; i < TASKS; i++) {
            TaskFuture<Integer> future = futures.get(i);
            TaskView view = tasks.task(future.taskId()).orElseThrow();
            assertThat(view.attempts()).as("launches of %s", view.id()).isBetween(1, 1 + RETRIES);
            try {
                assertThat(future.get()).isEqualTo(i);
                assertThat(view.phase()).isEqualTo(TaskPhase.SUCCEEDED);
                succeeded++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(TaskFailure.class)
                        .hasMessageContaining("failed after " + (1 + RETRIES) + " attempt(s)");
                assertThat(view.phase()).isEqualTo(TaskPhase.FAILED);
                failed++;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && anyCompletionMissing(completions)) {
            Thread.sleep(20);
        }
        for (int i = 0; i < TASKS; i++) {
            assertThat(completions.get(i)).as("completions of task %d", i).isEqualTo(1);
        }
        System.out.printf("chaos tasks=%d succeeded=%d failed=%d executors_killed=%d%n", TASKS, succeeded, failed,
                killed.size());
        assertThat(killed).isNotEmpty();
        assertThat(scheduler.queuedCount()).isZero();
        awaitAgentsHoldNoTasks();
    }

    private static boolean anyCompletionMissing(AtomicIntegerArray completions) {
        for (int i = 0; i < completions.length(); i++) {
            if (completions.get(i) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Terminal updates are acknowledged, so the agents forget the tasks: none may be left behind. */
    private void awaitAgentsHoldNoTasks() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> left = List.of();
        while (System.nanoTime() < deadline) {
            left = new ArrayList<>();
            for (ExecutorPlace place : scheduler.state().executors()) {
                if (!place.running()) {
                    continue;
                }
                String body = http.send(HttpRequest.newBuilder(URI.create("http://" + place.agentEndpoint() + "/state"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                JsonNode state = JsonMapper.builder().build().readTree(body);
                for (JsonNode framework : state.get("frameworks")) {
                    for (JsonNode executor : framework.get("executors")) {
                        for (JsonNode task : executor.get("tasks")) {
                            left.add(task.get("id").asText() + ":" + task.get("state").asText());
                        }
                    }
                }
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("agents still hold tasks: " + left);
    }
}
