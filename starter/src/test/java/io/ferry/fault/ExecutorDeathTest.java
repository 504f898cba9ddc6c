package io.ferry.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.TaskFailure;
import io.ferry.task.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Executors die for real here ({@code kill -9} of the executor JVM): the agent reports their tasks
 * TASK_FAILED / REASON_EXECUTOR_TERMINATED, and Ferry retries those that may be retried on a new executor and
 * fails the others with the reason. Every future completes. Its own context: executors are killed.
 */
@FaultContext
class ExecutorDeathTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    /** The executor's exit code when it restarts for a task that ignored its kill (ExitCode.STUCK_TASK). */
    static final int STUCK_TASK_EXIT_CODE = 6;

    @Autowired
    TaskService tasks;
    @Autowired
    FerryScheduler scheduler;

    @Test
    void killNineAnExecutorMidTask() throws Exception {
        TaskOptions retried = tasks.defaultOptions().withMaxRetries(2);
        TaskOptions once = tasks.defaultOptions().withMaxRetries(0);
        List<TaskFuture<String>> withRetries = new ArrayList<>();
        List<TaskFuture<String>> withoutRetries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            withRetries.add(tasks.submit(() -> sleepThenSay(1500, "r" + n), retried));
            withoutRetries.add(tasks.submit(() -> sleepThenSay(1500, "o" + n), once));
        }
        for (TaskFuture<String> f : withRetries) {
            await(f.taskId(), v -> v.phase() == TaskPhase.RUNNING);
        }
        for (TaskFuture<String> f : withoutRetries) {
            await(f.taskId(), v -> v.phase() == TaskPhase.RUNNING);
        }
        // Kill every executor that runs one of these tasks (the burst is spread over both agents).
        List<ExecutorPlace> victims = new ArrayList<>();
        for (TaskFuture<String> f : withRetries) {
            ExecutorPlace place = executorOf(f.taskId());
            if (!victims.contains(place)) {
                victims.add(place);
            }
        }
        for (TaskFuture<String> f : withoutRetries) {
            ExecutorPlace place = executorOf(f.taskId());
            if (!victims.contains(place)) {
                victims.add(place);
            }
        }
        long killed = System.nanoTime();
        Instant killedAt = Instant.now();
        List<ProcessHandle> dying = new ArrayList<>();
        for (ExecutorPlace victim : victims) {
            ProcessHandle process = ProcessHandle.of(victim.pid())
                    .orElseThrow(() -> new AssertionError("no process " + victim.pid()));
            assertThat(process.destroyForcibly()).as("kill -9 of executor " + victim.pid()).isTrue();
            dying.add(process);
        }
        for (ProcessHandle process : dying) {
            process.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS); // the kill hit: the executor is gone
        }

        CompletableFuture.allOf(withoutRetries.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long failed = System.nanoTime();
        CompletableFuture.allOf(withRetries.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long retriedDone = System.nanoTime();
        // What the fault costs (reported, not asserted): detection, and the retries' second run (1.5 s of it sleep).
        System.out.printf("fault-cost kind=executor-kill-9 to_failed_ms=%d to_retried_done_ms=%d%n",
                (failed - killed) / 1_000_000, (retriedDone - killed) / 1_000_000);

        for (int i = 0; i < 5; i++) {
            assertThat(withRetries.get(i).get()).isEqualTo("r" + i);
            TaskView view = tasks.task(withRetries.get(i).taskId()).orElseThrow();
            assertThat(view.attempts()).isEqualTo(2);
        }
        System.out.println("kill-9 failure message:\n"
                + catchThrowable(withoutRetries.get(0)::get).getCause().getMessage());
        for (TaskFuture<String> f : withoutRetries) {
            TaskView view = tasks.task(f.taskId()).orElseThrow();
            ExecutorPlace victim = victims.stream().filter(v -> v.agentId().equals(view.agentId())).findFirst()
                    .orElseThrow();
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(TaskFailure.class)
                    .hasMessageContaining("TASK_FAILED (REASON_EXECUTOR_TERMINATED) from SOURCE_AGENT")
                    .hasMessageContaining("executor " + victim.executorId() + " on agent " + victim.agentId()
                            + " was killed by signal 9 (SIGKILL)")
                    .hasMessageContaining("; stderr " + victim.directory() + "/stderr on " + victim.agentEndpoint()
                            + ", last lines:\n  | ")
                    .hasMessageContaining("ferry-executor: "); // its own log lines, up to the kill
            assertThat(view.phase()).isEqualTo(TaskPhase.FAILED);
        }
        // The retried tasks ran on live executors, none of them killed: where one was killed, a new one started.
        for (TaskFuture<String> f : withRetries) {
            String agent = tasks.task(f.taskId()).orElseThrow().agentId();
            ExecutorPlace now = awaitExecutor(p -> p.agentId().equals(agent) && p.running() && alive(p));
            assertThat(now.pid()).isNotIn(victims.stream().map(ExecutorPlace::pid).toList());
            if (victims.stream().anyMatch(v -> v.agentId().equals(agent))) {
                assertThat(now.since()).as("executor %d on agent %s", now.pid(), agent).isAfter(killedAt);
            }
        }
    }

    @Test
    void aTaskPastItsTimeoutIsKilledAndItsFutureSaysSo() throws Exception {
        long submitted = System.nanoTime();
        TaskFuture<String> future = tasks.submit(() -> sleepThenSay(60_000, "never"),
                tasks.defaultOptions().withTimeout(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("timeout of 2s");
        long failed = System.nanoTime();
        TaskView killed = await(future.taskId(), v -> "TASK_KILLED".equals(v.mesosState()));
        System.out.printf("fault-cost kind=timeout-2s submit_to_failed_ms=%d submit_to_killed_ms=%d%n",
                (failed - submitted) / 1_000_000, (System.nanoTime() - submitted) / 1_000_000);
        assertThat(killed.phase()).isEqualTo(TaskPhase.FAILED);
    }

    @Test
    void aTaskThatIgnoresInterruptionDoesNotHoldItsSlotForever() throws Exception {
        TaskFuture<String> stubborn = tasks.submit(ExecutorDeathTest::ignoreInterrupts,
                tasks.defaultOptions().withTimeout(Duration.ofSeconds(2)).withMaxRetries(0));
        await(stubborn.taskId(), v -> v.phase() == TaskPhase.RUNNING);
        ExecutorPlace host = executorOf(stubborn.taskId());

        assertThatThrownBy(() -> stubborn.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(TaskFailure.class).hasMessageContaining("timeout of 2s");
        // The executor's watchdog gives the thread its grace period, then restarts the executor: the slot and the
        // thread go with it. The next task runs on a fresh executor.
        ProcessHandle process = ProcessHandle.of(host.pid()).orElse(null); // absent: it has exited already
        if (process != null) {
            process.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        // It left on its own, for the stuck task: the agent reported its exit code, the executor's STUCK_TASK.
        ExecutorPlace exited = awaitExecutor(p -> p.pid() == host.pid() && !p.running());
        assertThat(exited.exitStatus()).as("wait status of executor " + host.pid())
                .isEqualTo(STUCK_TASK_EXIT_CODE << 8);
        TaskFuture<String> after = tasks.submit(() -> "fresh");
        assertThat(after.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("fresh");
    }

    static String ignoreInterrupts() {
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // deliberately deaf
            }
        }
    }

    static String sleepThenSay(long millis, String word) throws InterruptedException {
        Thread.sleep(millis);
        return word;
    }

    /**
     * The executor running the task, once it told the scheduler where it is: the live process on the task's agent
     * (an earlier executor there, already gone, may still be listed until its exit is reported).
     */
    private ExecutorPlace executorOf(String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            TaskView view = tasks.task(taskId).orElseThrow();
            for (ExecutorPlace place : scheduler.state().executors()) {
                if (place.running() && place.agentId().equals(view.agentId()) && alive(place)) {
                    return place;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no running executor for " + taskId + ": " + scheduler.state().executors());
    }

    private static boolean alive(ExecutorPlace place) {
        return ProcessHandle.of(place.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private ExecutorPlace awaitExecutor(java.util.function.Predicate<ExecutorPlace> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ExecutorPlace place : scheduler.state().executors()) {
                if (condition.test(place)) {
                    return place;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such executor within " + WAIT + ": " + scheduler.state().executors());
    }

    private TaskView await(String id, java.util.function.Predicate<TaskView> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            TaskView view = tasks.task(id).orElseThrow();
            if (condition.test(view)) {
                return view;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("task " + id + " did not reach the expected state: " + tasks.task(id).orElseThrow());
    }
}
