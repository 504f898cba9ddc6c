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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
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
        // Half a cpu each: 7 at a time per agent, so the run lasts a few seconds.
        TaskOptions options = tasks.defaultOptions().withMaxRetries(RETRIES).withCpus(0.5);
        AtomicIntegerArray completions = new AtomicIntegerArray(TASKS);
        AtomicInteger completed = new AtomicInteger();
        List<TaskFuture<Integer>> futures = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            TaskFuture<Integer> future = tasks.submit(() -> {
                Thread.sleep(5 + n % 20);
                return n;
            }, options);
            future.whenComplete((v, e) -> {
                completions.incrementAndGet(n);
                completed.incrementAndGet();
            });
            futures.add(future);
        }

        // Three kills, spread over the run by its progress (not by the clock, which a slow machine stretches), each
        // of an executor that runs a task of ours at that moment.
        Random random = new Random(42);
        Set<Long> killed = new HashSet<>();
        for (int kill = 1; kill <= 3; kill++) {
            int progress = TASKS * kill / 8;
            await(() -> completed.get() >= progress, progress + " tasks completed");
            ExecutorPlace victim = executorRunningATask(futures, random);
            ProcessHandle process = ProcessHandle.of(victim.pid())
                    .orElseThrow(() -> new AssertionError("executor " + victim.pid() + " is gone"));
            assertThat(process.destroyForcibly()).as("kill -9 of executor " + victim.pid()).isTrue();
            process.onExit().get(90, TimeUnit.SECONDS);
            killed.add(victim.pid());
        }
        assertThat(killed).as("executors killed").hasSize(3);

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
        assertThat(futures).as("tasks the kills cut off were launched again")
                .anyMatch(f -> tasks.task(f.taskId()).orElseThrow().attempts() > 1);
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

    /** A live executor on an agent where a task of {@code futures} is launched now (waits for one, at most 90 s). */
    private ExecutorPlace executorRunningATask(List<TaskFuture<Integer>> futures, Random random)
            throws InterruptedException {
        List<ExecutorPlace> candidates = new ArrayList<>();
        await(() -> {
            Set<String> busyAgents = new HashSet<>();
            for (TaskFuture<Integer> f : futures) {
                TaskView view = tasks.task(f.taskId()).orElseThrow();
                // LAUNCHED too: these tasks end before the executor's TASK_RUNNING delay (25 ms) has passed.
                if (view.phase() == TaskPhase.LAUNCHED || view.phase() == TaskPhase.RUNNING) {
                    busyAgents.add(view.agentId());
                }
            }
            candidates.clear();
            for (ExecutorPlace place : scheduler.state().executors()) {
                if (place.running() && busyAgents.contains(place.agentId())
                        && ProcessHandle.of(place.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    candidates.add(place);
                }
            }
            return !candidates.isEmpty();
        }, "an executor running a task");
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within 90 s");
            }
            Thread.sleep(10);
        }
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
        // Every agent that ran an executor of ours, whether that executor still runs or not.
        Set<String> agents = new HashSet<>();
        scheduler.state().executors().forEach(place -> agents.add(place.agentEndpoint()));
        assertThat(agents).as("agents that ran executors").hasSize(2);
        List<String> left = List.of();
        while (System.nanoTime() < deadline) {
            left = new ArrayList<>();
            for (String agent : agents) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://" + agent + "/state"))
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
