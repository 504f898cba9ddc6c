package io.ferry.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.TaskFailure;
import io.ferry.task.TaskOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Executors that end with one of their documented exit codes, for real (one agent, so that tasks share an
 * executor): each task the executor took with it fails naming the code and its meaning, where the executor's stderr
 * is, and its last lines, read through the agent. {@code kill -9} is in {@link ExecutorDeathTest}, an executor that
 * cannot start in {@link ExecutorCrashLoopTest}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExecutorExitCodesTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path work;
    static LocalCluster cluster;
    static ConfigurableApplicationContext app;
    static TaskService tasks;
    static FerryScheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(work.resolve("mesos"))
                .withAgents(1, 4, 4096, 10_240));
        app = ExternalClusterApp.start(cluster.masterUrl(), work.resolve("state"));
        tasks = app.getBean(TaskService.class);
        scheduler = app.getBean(FerryScheduler.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTaskThatCallsSystemExitTakesTheExecutorWithItAndSaysWithWhichCode() throws Exception {
        ExecutorPlace executor = runningExecutor();
        TaskFuture<String> exits = tasks.submit(() -> {
            System.exit(3);
            return "never";
        }, once());

        String message = failureOf(exits);
        System.out.println("exit-3 failure message:\n" + message);
        assertThat(message)
                .contains("TASK_FAILED (REASON_EXECUTOR_TERMINATED) from SOURCE_AGENT")
                .contains("executor " + executor.executorId() + " on agent " + executor.agentId()
                        + " exited with code 3 (a task ran out of memory)")
                .contains("; stderr " + executor.directory() + "/stderr on " + executor.agentEndpoint()
                        + ", last lines:\n")
                // The executor's own last word: it did not decide to exit.
                .containsPattern("\\| [^\\n]*the JVM is exiting without the executor deciding to \\(System.exit in a"
                        + " task, or a signal\\); tasks running: \\[" + exits.taskId() + "\\.1]$");
        assertThat(tasks.task(exits.taskId()).orElseThrow().phase()).isEqualTo(TaskPhase.FAILED);
        awaitExited(executor, "exited with code 3 (a task ran out of memory)");
    }

    @Test
    void tasksLeftOnAnExecutorThatRestartsForAStuckTaskSayCodeSix() throws Exception {
        ExecutorPlace executor = runningExecutor();
        TaskFuture<String> sleeper = tasks.submit(() -> {
            Thread.sleep(120_000);
            return "too late";
        }, once());
        await(sleeper.taskId(), v -> v.phase() == TaskPhase.RUNNING);
        TaskFuture<String> stubborn = tasks.submit(ExecutorDeathTest::ignoreInterrupts,
                once().withTimeout(Duration.ofSeconds(2)));
        assertThat(failureOf(stubborn)).contains("ran longer than its timeout of 2s");

        // The killed task's thread will not stop: after its grace the executor restarts, waits for its other tasks
        // a while, and exits with code 6. The sleeper goes with it.
        String message = failureOf(sleeper);
        System.out.println("exit-6 failure message:\n" + message);
        assertThat(message)
                .contains("executor " + executor.executorId() + " on agent " + executor.agentId()
                        + " exited with code 6 (restarted because a killed task would not stop)")
                .contains("; stderr " + executor.directory() + "/stderr on " + executor.agentEndpoint())
                .containsPattern("\\| [^\\n]*exiting with code 6 \\(STUCK_TASK: restarted because a killed task would"
                        + " not stop\\)");
        awaitExited(executor, "exited with code 6 (restarted because a killed task would not stop)");
    }

    private static TaskOptions once() {
        return tasks.defaultOptions().withMaxRetries(0);
    }

    /** A fresh executor that said hello: a task run on it first makes the agent start one. */
    private static ExecutorPlace runningExecutor() throws Exception {
        assertThat(tasks.submit(() -> "warm").get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("warm");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ExecutorPlace place : scheduler.state().executors()) {
                if (place.running()) {
                    return place;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no running executor: " + scheduler.state().executors());
    }

    /** The executors list of {@code /api/cluster} says how it ended, too. */
    private static void awaitExited(ExecutorPlace executor, String exit) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ExecutorPlace place : scheduler.state().executors()) {
                if (place.pid() == executor.pid() && !place.running()) {
                    assertThat(place.exit()).isEqualTo(exit);
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("executor " + executor.pid() + " not shown exited: " + scheduler.state().executors());
    }

    private static String failureOf(TaskFuture<String> future) {
        Throwable thrown = catchThrowable(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailure.class);
        return thrown.getCause().getMessage();
    }

    private static void await(String id, Predicate<TaskView> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(tasks.task(id).orElseThrow())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("task " + id + " did not get there: " + tasks.task(id).orElseThrow());
    }
}
