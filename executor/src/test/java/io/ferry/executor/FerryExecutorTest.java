package io.ferry.executor;

import com.google.protobuf.util.JsonFormat;
import io.ferry.executor.testapp.Square;
import io.ferry.wire.ExecutorHello;
import io.ferry.wire.FerryEnv;
import io.ferry.wire.JavaSerialization;
import io.ferry.wire.MesosFixtures;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import static io.ferry.executor.ScriptedAgent.message;
import static io.ferry.executor.ScriptedAgent.subscribe;
import static io.ferry.executor.ScriptedAgent.update;
import static io.ferry.executor.ScriptedAgent.updateOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The executor in-process against a {@link ScriptedAgent}, with its classes served by a {@link ClassServer}. */
class FerryExecutorTest {

    private final ScriptedAgent agent = new ScriptedAgent();
    private final ClassServer app = new ClassServer();
    private FerryExecutor executor;
    private CompletableFuture<Integer> exit;

    @AfterEach
    void stop() throws Exception {
        if (executor != null) {
            executor.stop();
            exit.get(20, TimeUnit.SECONDS);
        }
        agent.close();
        app.close();
    }

    private Map<String, String> env(boolean checkpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("MESOS_AGENT_ENDPOINT", agent.endpoint());
        env.put("MESOS_FRAMEWORK_ID", ScriptedAgent.FRAMEWORK_ID);
        env.put("MESOS_EXECUTOR_ID", ScriptedAgent.EXECUTOR_ID);
        env.put("MESOS_DIRECTORY", "/tmp/sandbox-of-test");
        env.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
        if (checkpoint) {
            env.put("MESOS_RECOVERY_TIMEOUT", "20secs");
            env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "50ms");
        }
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
        env.put(FerryEnv.APP_URL, app.url() + "/");
        env.put(FerryEnv.TOKEN, ClassServer.TOKEN);
        env.put(FerryEnv.RUNNING_UPDATE_DELAY, "1hrs"); // no TASK_RUNNING unless a test asks for it
        return env;
    }

    private Call start(Map<String, String> env) throws InterruptedException {
        executor = new FerryExecutor(ExecutorConfig.fromEnv(env), ClassServer.parentWithoutTestApp());
        exit = new CompletableFuture<>();
        Thread t = new Thread(() -> exit.complete(executor.run()), "executor-under-test");
        t.setDaemon(true);
        t.start();
        return agent.await(subscribe());
    }

    private int exitCode() throws Exception {
        return exit.get(20, TimeUnit.SECONDS);
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Object data(TaskStatus status) throws Exception {
        return JavaSerialization.deserialize(status.getData().toByteArray(), FerryExecutorTest.class.getClassLoader());
    }

    @Test
    void runsATaskFetchedFromTheAppAndShutsDown() throws Exception {
        Call subscribe = start(env(false));
        assertThat(subscribe.getExecutorId().getValue()).isEqualTo(ScriptedAgent.EXECUTOR_ID);
        assertThat(subscribe.getFrameworkId().getValue()).isEqualTo(ScriptedAgent.FRAMEWORK_ID);
        assertThat(subscribe.getSubscribe().getUnacknowledgedUpdatesList()).isEmpty();

        agent.send(ScriptedAgent.subscribed());
        ExecutorHello hello = ExecutorHello.parse(agent.await(message()).getMessage().getData().toByteArray());
        assertThat(hello).isEqualTo(new ExecutorHello(ScriptedAgent.EXECUTOR_ID, ScriptedAgent.AGENT_ID,
                agent.endpoint(), "/tmp/sandbox-of-test", ProcessHandle.current().pid()));

        agent.send(ScriptedAgent.launch("sq", JavaSerialization.serialize(new Square(6), 1 << 20)));
        TaskStatus status = agent.await(update("sq", TaskState.TASK_FINISHED)).getUpdate().getStatus();
        assertThat(data(status)).isEqualTo(36);
        assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(status.getUuid().size()).isEqualTo(16);
        assertThat(status.getAgentId().getValue()).isEqualTo(ScriptedAgent.AGENT_ID);
        assertThat(status.getExecutorId().getValue()).isEqualTo(ScriptedAgent.EXECUTOR_ID);
        assertThat(status.getTimestamp()).isPositive();
        assertThat(agent.calls(updateOf("sq"))).as("a quick task sends only its terminal update").hasSize(1);

        agent.send(ScriptedAgent.shutdown());
        assertThat(exitCode()).isZero();
        executor = null;
    }

    @Test
    void killReportsKilledAndShutdownKillsTheRest() throws Exception {
        start(env(false));
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("k1", JavaSerialization.serialize(new TestTasks.Sleeping("kill-k1"), 1 << 20)));
        agent.send(ScriptedAgent.launch("k2", JavaSerialization.serialize(new TestTasks.Sleeping("kill-k2"), 1 << 20)));
        for (String latch : new String[]{"kill-k1", "kill-k2"}) {
            assertThat(TestTasks.LATCHES.computeIfAbsent(latch, k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)).isTrue();
        }

        agent.send(ScriptedAgent.kill("k1"));
        assertThat(agent.await(update("k1", TaskState.TASK_KILLED)).getUpdate().getStatus().getMessage())
                .isEqualTo("killed by the scheduler");

        agent.send(ScriptedAgent.shutdown());
        agent.await(update("k2", TaskState.TASK_KILLED));
        assertThat(exitCode()).isZero();
        executor = null;
        assertThat(agent.calls(updateOf("k1"))).hasSize(1);
        assertThat(agent.calls(updateOf("k2"))).hasSize(1);
    }

    @Test
    void shutdownWaitsForAcknowledgementsOnlyAsLongAsTheGracePeriodAllows() throws Exception {
        Map<String, String> env = env(false);
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "300ms");
        start(env);
        agent.acknowledging(false);
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("s", JavaSerialization.serialize(new TestTasks.Sleeping("grace-s"), 1 << 20)));
        assertThat(TestTasks.LATCHES.computeIfAbsent("grace-s", k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)).isTrue();

        try (LogCapture log = LogCapture.of(FerryExecutor.class)) {
            agent.send(ScriptedAgent.shutdown());
            agent.await(update("s", TaskState.TASK_KILLED));
            assertThat(exitCode()).isZero();
            // It left without the acknowledgement, because its wait (four fifths of the grace period) was over.
            assertThat(executor.connection().unacknowledged().updates()).hasSize(1);
            assertThat(log.messages(Level.WARNING))
                    .contains("the agent did not acknowledge every update within 240 ms");
        }
        executor = null;
    }

    @Test
    void reportsRunningForATaskThatTakesLonger() throws Exception {
        Map<String, String> env = env(false);
        env.put(FerryEnv.RUNNING_UPDATE_DELAY, "1ms");
        start(env);
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("w", JavaSerialization.serialize(new TestTasks.Waiting("running-w"), 1 << 20)));

        agent.await(update("w", TaskState.TASK_RUNNING));
        TestTasks.LATCHES.computeIfAbsent("running-w", k -> new CountDownLatch(1)).countDown();
        agent.await(update("w", TaskState.TASK_FINISHED));
        assertThat(agent.calls(updateOf("w"))).extracting(c -> c.getUpdate().getStatus().getState())
                .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
    }

    @Test
    void withoutCheckpointingALostAgentEndsTheExecutor() throws Exception {
        start(env(false));
        agent.send(ScriptedAgent.subscribed());
        agent.await(message());
        agent.dropStream();
        assertThat(exitCode()).isEqualTo(ExitCode.AGENT_LOST.code());
        executor = null;
    }

    @Test
    void withCheckpointingItResubscribesWithWhatTheAgentHasNotAcknowledged() throws Exception {
        start(env(true));
        agent.acknowledging(false);
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("r1", JavaSerialization.serialize(new TestTasks.Returning("one"), 1 << 20)));
        TaskStatus finished = agent.await(update("r1", TaskState.TASK_FINISHED)).getUpdate().getStatus();

        agent.dropStream();
        Call.Subscribe again = agent.await(subscribe(), 2).getSubscribe();
        assertThat(again.getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus()).containsExactly(finished);
        assertThat(again.getUnacknowledgedTasksList()).extracting(t -> t.getTaskId().getValue()).containsExactly("r1");

        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.acknowledged(finished));
        eventually(() -> executor.connection().unacknowledged().updates().isEmpty(), "the acknowledgement is taken");
        agent.dropStream();
        Call.Subscribe third = agent.await(subscribe(), 3).getSubscribe();
        assertThat(third.getUnacknowledgedUpdatesList()).isEmpty();
        assertThat(third.getUnacknowledgedTasksList()).isEmpty();
    }

    @Test
    void updatesMadeWhileDisconnectedReachTheAgentAfterResubscribing() throws Exception {
        start(env(true));
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("late", JavaSerialization.serialize(new TestTasks.Waiting("disconnected-late"), 1 << 20)));
        agent.send(ScriptedAgent.launch("later", JavaSerialization.serialize(new TestTasks.Waiting("disconnected-later"), 1 << 20)));
        eventually(() -> executor.connection().unacknowledged().tasks().size() == 2, "both tasks launched");

        // The agent "restarts": it refuses SUBSCRIBE (503) for a while, then takes it.
        agent.accepting(false);
        agent.dropStream();
        TestTasks.LATCHES.computeIfAbsent("disconnected-late", k -> new CountDownLatch(1)).countDown();
        eventually(() -> executor.connection().unacknowledged().updates().size() == 1, "the update is kept");
        agent.accepting(true);
        Call.Subscribe resubscribe = agent.await(subscribe(), 2).getSubscribe();
        assertThat(resubscribe.getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus().getTaskId().getValue())
                .containsExactly("late");
        assertThat(resubscribe.getUnacknowledgedTasksList()).extracting(t -> t.getTaskId().getValue())
                .containsExactly("late", "later");

        // An update made after the SUBSCRIBE left but before SUBSCRIBED arrived is sent once subscribed.
        TestTasks.LATCHES.computeIfAbsent("disconnected-later", k -> new CountDownLatch(1)).countDown();
        eventually(() -> executor.connection().unacknowledged().updates().size() == 2, "the second update is made");
        agent.send(ScriptedAgent.subscribed());
        assertThat(data(agent.await(update("later", TaskState.TASK_FINISHED)).getUpdate().getStatus())).isEqualTo("released");
    }

    @Test
    void handlesEveryExecutorEventFixtureOnTheStream() throws Exception {
        start(env(true));
        Map<String, Event> fixtures = new HashMap<>(); // file name without prefix and suffix -> event
        for (String file : MesosFixtures.json("executor-event-")) {
            Event.Builder event = Event.newBuilder();
            JsonFormat.parser().merge(MesosFixtures.read(file), event);
            fixtures.put(file.replace("executor-event-", "").replace(".json", ""), event.build());
        }
        Event launch = fixtures.get("launch");
        String taskId = launch.getLaunch().getTask().getTaskId().getValue();
        String agentId = fixtures.get("subscribed").getSubscribed().getAgentInfo().getId().getValue();

        agent.send(fixtures.get("subscribed"));
        agent.send(launch); // a fixture task has no data: it fails, saying so
        TaskStatus failed = agent.await(update(taskId, TaskState.TASK_FAILED)).getUpdate().getStatus();
        assertThat(failed.getMessage()).contains("has no data");
        assertThat(failed.getAgentId().getValue()).isEqualTo(agentId);
        // The update leaves before the task leaves the runner; until then the same id would be a duplicate.
        eventually(() -> executor.runner().active() == 0, "the failed task has left the runner");
        agent.send(fixtures.get("launch-group")); // the same task id again, now launched as a group
        agent.await(update(taskId, TaskState.TASK_FAILED), 2);
        for (String name : new String[]{"kill", "acknowledged", "message", "heartbeat"}) {
            agent.send(fixtures.get(name)); // all harmless here
        }
        agent.send(fixtures.get("error")); // drop the stream and resubscribe (docs/mesos-notes.md §3.2)
        agent.await(subscribe(), 2);
        agent.send(fixtures.get("subscribed"));
        agent.send(fixtures.get("shutdown"));
        assertThat(exitCode()).isZero();
        executor = null;
        assertThat(agent.calls(update(taskId, TaskState.TASK_KILLED))).isEmpty();
        assertThat(fixtures).containsOnlyKeys("subscribed", "launch", "launch-group", "kill", "acknowledged",
                "message", "heartbeat", "error", "shutdown");
    }

    @Test
    void aFailedUpdateIsRetriedWithTheSameUuid() throws Exception {
        start(env(false));
        agent.send(ScriptedAgent.subscribed());
        agent.failUpdates(2);
        agent.send(ScriptedAgent.launch("retry", JavaSerialization.serialize(new TestTasks.Returning(7), 1 << 20)));

        TaskStatus taken = agent.await(update("retry", TaskState.TASK_FINISHED)).getUpdate().getStatus();
        assertThat(agent.rejected()).hasSize(2)
                .allSatisfy(c -> assertThat(c.getUpdate().getStatus()).isEqualTo(taken));
        eventually(() -> executor.connection().unacknowledged().updates().isEmpty(), "acknowledged after the retry");
    }

    @Test
    void sendsTheAgentsTokenAndStopsWhenTheAgentRefusesIt() throws Exception {
        agent.requireToken("jwt-for-this-executor");
        Map<String, String> env = env(false);
        env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "jwt-for-this-executor");
        start(env);
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("t", JavaSerialization.serialize(new TestTasks.Returning(1), 1 << 20)));
        agent.await(update("t", TaskState.TASK_FINISHED));
        executor.stop();
        exitCode();

        env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "stale");
        executor = new FerryExecutor(ExecutorConfig.fromEnv(env), ClassServer.parentWithoutTestApp());
        exit = new CompletableFuture<>();
        Thread t = new Thread(() -> exit.complete(executor.run()), "executor-with-a-stale-token");
        t.setDaemon(true);
        t.start();
        assertThat(exitCode()).as("401 on SUBSCRIBE cannot be fixed by retrying")
                .isEqualTo(ExitCode.CREDENTIALS_REFUSED.code());
        executor = null;
    }
}
