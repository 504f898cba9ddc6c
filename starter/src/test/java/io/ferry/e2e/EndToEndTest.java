package io.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.FerryExecutorService;
import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.Task;
import io.ferry.task.TaskFailure;
import io.ferry.task.TaskNotSerializableException;
import io.ferry.task.TaskOptions;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path, for real: the app in local mode starts its embedded master and two agents on loopback; agents
 * fetch the executor jar and launch script from the app over HTTP and start real executor JVMs; tasks written
 * here (lambdas of this test class, whose classes the executors fetch from the app) run there and come back.
 */
@LocalModeTest
class EndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Autowired
    TaskService tasks;
    @Autowired
    FerryScheduler scheduler;

    @Test
    void twoHundredClosuresComeBackThroughOneExecutorPerAgent() throws Exception {
        // A whole cpu each and a little work: one agent (3.9 cpus free) cannot hold the burst, so both must serve.
        TaskOptions options = tasks.defaultOptions().withCpus(1);
        List<TaskFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            futures.add(tasks.submit(() -> {
                Thread.sleep(20);
                return n * n;
            }, options));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        for (int i = 0; i < 200; i++) {
            assertThat(futures.get(i).get()).isEqualTo(i * i);
        }
        // Both agents worked, each through one executor that was started once and is still running.
        assertThat(scheduler.state().executors()).hasSize(2)
                .allSatisfy(e -> assertThat(e.running()).isTrue())
                .extracting(ExecutorPlace::agentId).doesNotHaveDuplicates();
        for (ExecutorPlace place : scheduler.state().executors()) {
            JsonNode state = agentState(place.agentEndpoint());
            JsonNode framework = state.get("frameworks").get(0);
            assertThat(framework.get("executors")).hasSize(1);
            assertThat(framework.get("executors").get(0).get("id").asText()).isEqualTo(place.executorId());
            assertThat(framework.get("completed_executors")).isEmpty();
        }
        Set<String> placements = futures.stream()
                .map(f -> tasks.task(f.taskId()).orElseThrow())
                .map(v -> v.agentId() + "/" + v.executorId())
                .collect(Collectors.toSet());
        Set<String> agents = futures.stream().map(f -> tasks.task(f.taskId()).orElseThrow().agentId())
                .collect(Collectors.toSet());
        // One executor per agent: as many (agent, executor) pairs as agents, and one executor id everywhere.
        assertThat(placements).hasSameSizeAs(agents);
        assertThat(agents).hasSize(2);
        assertThat(futures.stream().map(f -> tasks.task(f.taskId()).orElseThrow().executorId()).distinct())
                .containsExactly(scheduler.executorSpec().executorId());
        assertThat(futures.stream().map(f -> tasks.task(f.taskId()).orElseThrow().attempts()).distinct())
                .containsExactly(1);
    }

    @Test
    void aThrowingTaskFailsWithTheRemoteStackTrace() {
        TaskFuture<Integer> future = tasks.submit(() -> {
            throw new IllegalStateException("boom", new ArithmeticException("root cause"));
        });

        assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TaskFailure.class)
                .satisfies(e -> {
                    TaskFailure failure = (TaskFailure) e;
                    assertThat(failure.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(failure.getMessage()).contains("boom");
                    assertThat(Arrays.stream(failure.getStackTrace()).map(StackTraceElement::getClassName))
                            .anyMatch(c -> c.startsWith(EndToEndTest.class.getName()));
                    assertThat(failure.getCause()).isInstanceOf(TaskFailure.class);
                    assertThat(((TaskFailure) failure.getCause()).remoteClassName())
                            .isEqualTo(ArithmeticException.class.getName());
                });
        assertThat(tasks.task(future.taskId()).orElseThrow().phase()).isEqualTo(TaskPhase.FAILED);
    }

    @Test
    void cancellingARunningTaskKillsIt(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("started");
        Path interrupted = dir.resolve("interrupted");
        TaskFuture<String> future = tasks.submit(sleepsUntilInterrupted(started.toString(), interrupted.toString()));
        awaitView(future.taskId(), v -> v.phase() == TaskPhase.RUNNING);
        // TASK_RUNNING may come while the task's classes still load: cancel once its code runs.
        awaitFile(started);

        assertThat(future.cancel(true)).isTrue();

        assertThat(future.isCancelled()).isTrue();
        assertThatThrownBy(future::get).isInstanceOf(CancellationException.class);
        TaskView killed = awaitView(future.taskId(), v -> "TASK_KILLED".equals(v.mesosState()));
        assertThat(killed.phase()).isEqualTo(TaskPhase.CANCELLED);
        awaitFile(interrupted); // the kill reached the task's thread on the executor
    }

    /** Leaves {@code started} when its code runs, sleeps, and leaves {@code interrupted} when interrupted. */
    private static Task<String> sleepsUntilInterrupted(String started, String interrupted) {
        return () -> {
            Files.createFile(Path.of(started));
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Files.createFile(Path.of(interrupted));
                throw e;
            }
            return "too late";
        };
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + file + " within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aTaskThatCannotBeSerializedFailsAtSubmit() {
        Object notSerializable = new Object();
        Task<Integer> task = () -> notSerializable.hashCode();

        assertThatThrownBy(() -> tasks.submit(task))
                .isInstanceOf(TaskNotSerializableException.class)
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("capturedArg[0]");
    }

    @Test
    void aResultOverTheLimitFailsWithAClearMessage() {
        TaskFuture<byte[]> future = tasks.submit(() -> new byte[20 * 1024 * 1024]);

        assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("exceeds the limit of " + 8 * 1024 * 1024 + " bytes");
    }

    /**
     * A result that deserializes on the executor but not in the app (its readObject refuses outside an executor,
     * which it recognises by the agent's environment).
     */
    static final class GrumpyResult implements Serializable {
        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (System.getenv("MESOS_EXECUTOR_ID") == null) {
                throw new java.io.InvalidObjectException("grumpy outside an executor");
            }
        }
    }

    @Test
    void aResultThatCannotBeDeserializedFailsTheFutureClearly() {
        TaskFuture<GrumpyResult> future = tasks.submit(GrumpyResult::new);

        assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("finished, but its result")
                .hasMessageContaining("could not be deserialized")
                .hasMessageContaining("grumpy outside an executor");
    }

    @Test
    void theExecutorServiceAdapterRunsCallables() throws Exception {
        FerryExecutorService executor = tasks.executorService();
        List<Callable<String>> callables = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            callables.add((Callable<String> & Serializable) () -> "c" + n);
        }
        List<Future<String>> results = executor.invokeAll(callables, WAIT.toSeconds(), TimeUnit.SECONDS);
        executor.shutdown();

        List<String> values = new ArrayList<>();
        for (Future<String> f : results) {
            values.add(f.get());
        }
        assertThat(values).containsExactly("c0", "c1", "c2", "c3", "c4");
        assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> executor.submit((Callable<String> & Serializable) () -> "x"))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    private static JsonNode agentState(String endpoint) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + endpoint + "/state")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private TaskView awaitView(String id, java.util.function.Predicate<TaskView> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            TaskView view = tasks.task(id).orElseThrow();
            if (condition.test(view)) {
                return view;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("task " + id + " did not reach the expected state in " + WAIT + ": "
                + tasks.task(id).orElseThrow());
    }
}
