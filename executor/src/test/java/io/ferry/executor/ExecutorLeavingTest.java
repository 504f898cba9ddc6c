package io.ferry.executor;

import io.ferry.task.RemoteError;
import io.ferry.wire.FerryEnv;
import io.ferry.wire.JavaSerialization;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static io.ferry.executor.ExecutorUnderTest.eventually;
import static io.ferry.executor.ScriptedAgent.subscribe;
import static io.ferry.executor.ScriptedAgent.update;
import static io.ferry.executor.ScriptedAgent.updateOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the executor leaves ({@link FerryExecutor}'s class comment): the restart after a stuck task or an
 * OutOfMemoryError, and SHUTDOWN, against a {@link ScriptedAgent}.
 */
class ExecutorLeavingTest {

    private final ScriptedAgent agent = new ScriptedAgent();
    private final ClassServer app = new ClassServer();
    private ExecutorUnderTest run;
    private AutoCloseable closing;

    @AfterEach
    void stop() throws Exception {
        if (closing != null) {
            closing.close();
        }
        TestTasks.LATCHES.keySet().stream().filter(k -> k.endsWith("-go"))
                .forEach(k -> TestTasks.LATCHES.get(k).countDown());
        if (run != null) {
            run.close();
        }
        agent.close();
        app.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = ExecutorUnderTest.env(agent.endpoint(), app, false);
        env.put(FerryEnv.KILL_GRACE, "100ms");
        return env;
    }

    private void start(Map<String, String> env) throws InterruptedException {
        run = ExecutorUnderTest.start(env);
        agent.await(subscribe());
        agent.send(ScriptedAgent.subscribed());
    }

    private void launch(String taskId, Object task) throws IOException {
        agent.send(ScriptedAgent.launch(taskId, JavaSerialization.serialize(task, 1 << 20)));
    }

    private static void started(String latch) throws InterruptedException {
        assertThat(TestTasks.LATCHES.computeIfAbsent(latch, k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS))
                .as(latch + " started").isTrue();
    }

    private static void release(String latch) {
        TestTasks.LATCHES.computeIfAbsent(latch, k -> new CountDownLatch(1)).countDown();
    }

    @Test
    void aTaskThatIgnoresItsKillRestartsTheExecutorAfterTheOthersHadTheirChance() throws Exception {
        Map<String, String> env = env();
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "20secs"); // room for the innocent task to finish
        start(env);
        launch("stubborn", new TestTasks.Stubborn("leave-stubborn"));
        launch("innocent", new TestTasks.Waiting("leave-innocent"));
        started("leave-stubborn");

        LogCapture log = LogCapture.of(FerryExecutor.class);
        closing = log;
        agent.send(ScriptedAgent.kill("stubborn"));
        agent.await(update("stubborn", TaskState.TASK_KILLED));
        eventually(() -> run.executor.runner().refusing(), "the restart is decided");
        assertThat(run.executor.runner().stuck()).isEqualTo(1);

        launch("late", new TestTasks.Returning("never run"));
        TaskStatus refused = agent.await(update("late", TaskState.TASK_KILLED)).getUpdate().getStatus();
        assertThat(refused.getMessage()).isEqualTo("refused: the executor is restarting (STUCK_TASK, task stubborn)");
        assertThat(run.exited()).as("waits for the task still running").isFalse();

        release("leave-innocent");
        assertThat(agent.await(update("innocent", TaskState.TASK_FINISHED)).getUpdate().getStatus().getData())
                .as("a task that ends during the wait is reported").isNotEmpty();
        assertThat(run.exitCode()).isEqualTo(ExitCode.STUCK_TASK.code()).isEqualTo(6);
        assertThat(agent.calls(updateOf("stubborn"))).hasSize(1);
        // It left once the innocent task was over and acknowledged, not because its wait ran out.
        assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains("still running") || m.contains("did not acknowledge"));
    }

    @Test
    void anOutOfMemoryErrorIsReportedAndRestartsTheExecutor() throws Exception {
        start(env());
        launch("oom", new TestTasks.RunsOutOfMemory());
        TaskStatus failed = agent.await(update("oom", TaskState.TASK_FAILED)).getUpdate().getStatus();
        RemoteError error = (RemoteError) JavaSerialization.deserialize(failed.getData().toByteArray(),
                getClass().getClassLoader());
        assertThat(error.className()).isEqualTo(OutOfMemoryError.class.getName());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OUT_OF_MEMORY.code()).isEqualTo(3);
        assertThat(run.executor.connection().unacknowledged().updates()).as("left after its acknowledgement").isEmpty();
    }

    @Test
    void aStackOverflowFailsItsTaskAndTheExecutorKeepsServing() throws Exception {
        start(env());
        launch("deep", new TestTasks.Recursing());
        assertThat(agent.await(update("deep", TaskState.TASK_FAILED)).getUpdate().getStatus().getMessage())
                .isEqualTo("java.lang.StackOverflowError");
        launch("next", new TestTasks.Returning(7));
        agent.await(update("next", TaskState.TASK_FINISHED));
        agent.send(ScriptedAgent.shutdown());
        assertThat(run.exitCode()).isEqualTo(ExitCode.SHUTDOWN.code());
    }

    @Test
    void shutdownWaitsForTheAcknowledgementOfEveryKill() throws Exception {
        Map<String, String> env = env();
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "20secs");
        start(env);
        agent.acknowledging(false);
        launch("a", new TestTasks.Sleeping("leave-a"));
        launch("b", new TestTasks.Sleeping("leave-b"));
        started("leave-a");
        started("leave-b");

        LogCapture log = LogCapture.of(FerryExecutor.class);
        closing = log;
        agent.send(ScriptedAgent.shutdown());
        TaskStatus a = agent.await(update("a", TaskState.TASK_KILLED)).getUpdate().getStatus();
        TaskStatus b = agent.await(update("b", TaskState.TASK_KILLED)).getUpdate().getStatus();
        agent.send(ScriptedAgent.acknowledged(a));
        eventually(() -> run.executor.connection().unacknowledged().updates().size() == 1, "a acknowledged");
        assertThat(run.exited()).as("b is not acknowledged yet").isFalse();
        agent.send(ScriptedAgent.acknowledged(b));
        assertThat(run.exitCode()).isEqualTo(ExitCode.SHUTDOWN.code());
        // It left because both were acknowledged, not because its wait (16 s) ran out.
        assertThat(run.executor.connection().unacknowledged().updates()).isEmpty();
        assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains("did not acknowledge"));
    }

    @Test
    void aStuckTaskDuringShutdownDoesNotTurnItIntoARestart() throws Exception {
        start(env());
        agent.acknowledging(false);
        launch("stubborn", new TestTasks.Stubborn("leave-shutdown-stubborn"));
        started("leave-shutdown-stubborn");

        agent.send(ScriptedAgent.shutdown());
        TaskStatus killed = agent.await(update("stubborn", TaskState.TASK_KILLED)).getUpdate().getStatus();
        eventually(() -> run.executor.runner().stuck() == 1, "the watchdog saw the stuck thread");
        agent.send(ScriptedAgent.acknowledged(killed));
        assertThat(run.exitCode()).isEqualTo(ExitCode.SHUTDOWN.code());
    }
}
