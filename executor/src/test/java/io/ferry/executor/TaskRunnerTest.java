package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.executor.testapp.Explode;
import io.ferry.executor.testapp.Lonely;
import io.ferry.executor.testapp.Square;
import io.ferry.task.RemoteError;
import io.ferry.task.TaskFailure;
import io.ferry.wire.JavaSerialization;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TaskRunnerTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path sandbox;

    private final BlockingQueue<TaskUpdate> updates = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private final BlockingQueue<RestartReason> restarts = new LinkedBlockingQueue<>();

    private TaskRunner runner(ClassLoader loader, int maxResultBytes, Duration runningDelay) {
        return runner(loader, settings(4, 1 << 20, maxResultBytes, runningDelay, Duration.ofSeconds(5)));
    }

    private TaskRunner.Settings settings(int threads, int maxTaskBytes, int maxResultBytes, Duration runningDelay,
                                         Duration killGrace) {
        return new TaskRunner.Settings(threads, maxTaskBytes, maxResultBytes, runningDelay, killGrace, sandbox,
                TaskOutputStore.Limits.DEFAULT);
    }

    private TaskRunner runner(ClassLoader loader, TaskRunner.Settings settings) {
        TaskRunner runner = new TaskRunner(loader, settings, updates::add, restarts::add);
        closing.add(runner);
        return runner;
    }

    private TaskRunner runner() {
        return runner(getClass().getClassLoader(), 1 << 20, NEVER);
    }

    /** One task at a time: a task starts only after the one before it, its end and any restart report included. */
    private TaskRunner oneThreadRunner() {
        return runner(getClass().getClassLoader(), settings(1, 1 << 20, 1 << 20, NEVER, Duration.ofSeconds(5)));
    }

    private TaskUpdate next() throws InterruptedException {
        TaskUpdate u = updates.poll(20, TimeUnit.SECONDS);
        assertThat(u).as("an update within 20 s").isNotNull();
        return u;
    }

    private static byte[] serialize(Object o) throws IOException {
        return JavaSerialization.serialize(o, Integer.MAX_VALUE);
    }

    private static Object deserialize(ByteString data) throws Exception {
        return JavaSerialization.deserialize(data.toByteArray(), TaskRunnerTest.class.getClassLoader());
    }

    @Test
    void aQuickTaskSendsOnlyItsResult() throws Exception {
        TaskRunner runner = runner();
        runner.launch(ScriptedAgent.task("t1", serialize(new TestTasks.Returning("forty-two"))));

        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(u.taskId()).isEqualTo("t1");
        assertThat(deserialize(u.data())).isEqualTo("forty-two");
        // Once the task has left the runner it sends nothing more: its result was all.
        assertThat(runner.awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(20))).isTrue();
        assertThat(updates).as("no TASK_RUNNING for a quick task, nothing after its result").isEmpty();
    }

    @Test
    void aNullResultIsAResultToo() throws Exception {
        runner().launch(ScriptedAgent.task("t1", serialize(new TestTasks.Returning(null))));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(deserialize(u.data())).isNull();
    }

    @Test
    void aLongerTaskReportsRunningFirst() throws Exception {
        TaskRunner runner = runner(getClass().getClassLoader(), 1 << 20, Duration.ofMillis(5));
        runner.launch(ScriptedAgent.task("slow", serialize(new TestTasks.Waiting("aLongerTaskReportsRunningFirst"))));

        assertThat(next().state()).isEqualTo(TaskState.TASK_RUNNING);
        TestTasks.LATCHES.computeIfAbsent("aLongerTaskReportsRunningFirst", k -> new CountDownLatch(1)).countDown();
        TaskUpdate done = next();
        assertThat(done.state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(deserialize(done.data())).isEqualTo("released");
    }

    @Test
    void aThrowingTaskFailsWithItsRemoteErrorAndCauses() throws Exception {
        runner().launch(ScriptedAgent.task("bad", serialize(new TestTasks.Throwing("boom"))));

        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).isEqualTo("java.lang.IllegalStateException: boom");
        RemoteError error = (RemoteError) deserialize(u.data());
        assertThat(error.className()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.message()).isEqualTo("boom");
        assertThat(error.stackTrace()).anySatisfy(frame -> assertThat(frame.getClassName()).contains("Throwing"));
        // The stack ends where the task started: the executor's pool below it is cut.
        StackTraceElement last = error.stackTrace()[error.stackTrace().length - 1];
        assertThat(last.getClassName() + "." + last.getMethodName()).isEqualTo(TaskExecution.class.getName()
                + ".run");
        assertThat(error.stackTrace()).noneSatisfy(frame -> assertThat(frame.getClassName())
                .startsWith("java.util.concurrent."));
        assertThat(error.cause().className()).isEqualTo("java.io.IOException");
        assertThat(error.cause().message()).isEqualTo("disk on fire");
    }

    @Test
    void aResultOverTheLimitFailsAndSaysSo() throws Exception {
        runner(getClass().getClassLoader(), 1000, NEVER).launch(ScriptedAgent.task("big", serialize(new TestTasks.Bytes(5000))));

        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        String expected = "result of task big exceeds the limit of 1000 bytes (FERRY_MAX_RESULT_BYTES / ferry.executor.max-result-size)";
        assertThat(u.message()).contains(expected);
        assertThat(((RemoteError) deserialize(u.data())).message()).isEqualTo(expected);
    }

    @Test
    void anUnserializableResultFailsNamingItsClass() throws Exception {
        runner().launch(ScriptedAgent.task("odd", serialize(new TestTasks.Unserializable())));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).contains("could not be serialized").contains("java.lang.Object");
    }

    @Test
    void anErrorTooLargeForTheLimitStillFailsTheTask() throws Exception {
        // 300 bytes hold neither the RemoteError nor its trimmed form: the message alone must do.
        runner(getClass().getClassLoader(), 300, NEVER).launch(ScriptedAgent.task("bad", serialize(new TestTasks.Throwing("x".repeat(5000)))));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.data().isEmpty()).isTrue();
        assertThat(u.message()).startsWith("java.lang.IllegalStateException: xxx").hasSize(FailureUpdates.MAX_MESSAGE_CHARS);
    }

    @Test
    void killInterruptsAndReportsKilledOnce() throws Exception {
        TaskRunner runner = oneThreadRunner();
        runner.launch(ScriptedAgent.task("k", serialize(new TestTasks.Sleeping("killInterrupts"))));
        assertThat(TestTasks.LATCHES.computeIfAbsent("killInterrupts", k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)).isTrue();

        runner.kill("k", "killed by the scheduler");
        runner.kill("k", "again");

        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(u.message()).isEqualTo("killed by the scheduler");
        assertThat(runner.active()).isZero();
        // The runner's one thread runs the next task only once the interrupted one has ended (its own end dropped).
        runner.launch(ScriptedAgent.task("next", serialize(new TestTasks.Returning("after"))));
        assertThat(next()).as("the interrupted task's own end is dropped, and the second kill sends nothing")
                .extracting(TaskUpdate::taskId, TaskUpdate::state).containsExactly("next", TaskState.TASK_FINISHED);
    }

    @Test
    void killAllKillsRunningTasksAndRefusesNewOnes() throws Exception {
        TaskRunner runner = runner();
        runner.launch(ScriptedAgent.task("a", serialize(new TestTasks.Sleeping("killAll"))));
        assertThat(TestTasks.LATCHES.computeIfAbsent("killAll", k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(runner.killAll("shut down")).isEqualTo(1);
        assertThat(next()).isEqualTo(new TaskUpdate("a", TaskState.TASK_KILLED, ByteString.EMPTY, "shut down"));
        runner.launch(ScriptedAgent.task("late", serialize(new TestTasks.Returning(1))));
        assertThat(next()).isEqualTo(new TaskUpdate("late", TaskState.TASK_KILLED, ByteString.EMPTY, "shut down"));
    }

    @Test
    void emptyDataFailsTheTaskSayingSo() throws Exception {
        runner().launch(ScriptedAgent.task("empty", new byte[0]));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).contains("task empty has no data");
    }

    @Test
    void dataThatIsNotATaskFails() throws Exception {
        runner().launch(ScriptedAgent.task("nat", serialize(new TestTasks.NotATask("x"))));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).contains("holds a " + TestTasks.NotATask.class.getName()).contains("not a io.ferry.task.Task");
    }

    @Test
    void dataRejectedByTheFilterFailsSayingSo() throws Exception {
        // An object graph deeper than the filter's limit.
        Object nested = null;
        for (int i = 0; i < JavaSerialization.MAX_DEPTH + 10; i++) {
            nested = new Object[]{nested};
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(nested);
        }
        runner().launch(ScriptedAgent.task("deep", bytes.toByteArray()));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).contains("rejected by the deserialization filter");
    }

    @Test
    void anArrayLongerThanTheRestOfTheDataIsRejectedBeforeItIsAllocated() throws Exception {
        // 2,000 longs take 16,000 bytes; the data is cut to 3,000. The array's length is below the data's size,
        // but its elements cannot fit into what is left: refused before the array is allocated.
        byte[] whole = serialize(new TestTasks.Returning(new long[2000]));
        runner().launch(ScriptedAgent.task("bomb", java.util.Arrays.copyOf(whole, 3000)));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).contains("rejected by the deserialization filter");
    }

    @Test
    void dataOverTheTaskLimitFailsBeforeDeserializing() throws Exception {
        runner(getClass().getClassLoader(), settings(4, 1000, 1 << 20, NEVER, Duration.ofSeconds(5)))
                .launch(ScriptedAgent.task("huge", serialize(new TestTasks.Returning(new byte[5000]))));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).contains("task huge was not run: its data (")
                .contains("exceeds this executor's limit of 1000 bytes");
        assertThat(((RemoteError) deserialize(u.data())).className()).isEqualTo(TaskFailure.class.getName());
    }

    @Test
    void theTaskLimitIsTheAppsOrAnEighthOfTheHeap() {
        ExecutorConfig config = ExecutorConfig.fromEnv(java.util.Map.of("MESOS_AGENT_ENDPOINT", "127.0.0.1:9",
                "MESOS_FRAMEWORK_ID", "fw", "MESOS_EXECUTOR_ID", "ex", "MESOS_DIRECTORY", "/sandbox",
                io.ferry.wire.FerryEnv.APP_URL, "http://127.0.0.1:9", io.ferry.wire.FerryEnv.TOKEN, "t"));
        assertThat(TaskRunner.Settings.of(config, 64L << 20).maxTaskBytes()).isEqualTo(8 << 20);
        assertThat(TaskRunner.Settings.of(config, 4L << 30).maxTaskBytes()).isEqualTo(JavaSerialization.MAX_TASK_BYTES);
        assertThat(TaskRunner.Settings.of(config, 4L << 30).killGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(TaskRunner.Settings.of(config, 4L << 30).sandbox()).isEqualTo(Path.of("/sandbox"));
    }

    @Test
    void aKilledTaskThatIgnoresTheInterruptIsReportedStuckWithItsStack() throws Exception {
        TaskRunner runner = runner(getClass().getClassLoader(),
                settings(4, 1 << 20, 1 << 20, NEVER, Duration.ofMillis(50)));
        runner.launch(ScriptedAgent.task("stuck", serialize(new TestTasks.Stubborn("runner-stuck"))));
        assertThat(TestTasks.LATCHES.computeIfAbsent("runner-stuck", k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)).isTrue();

        runner.kill("stuck", "killed by the scheduler");
        TaskUpdate killed = next();
        assertThat(killed.state()).as("TASK_KILLED at once, as before").isEqualTo(TaskState.TASK_KILLED);
        RestartReason reason = restarts.poll(20, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOf(RestartReason.StuckTask.class);
        assertThat(reason.taskId()).isEqualTo("stuck");
        assertThat(reason.exitCode()).isEqualTo(ExitCode.STUCK_TASK);
        assertThat(reason.describe()).startsWith("task stuck ignored its kill: thread ferry-task-")
                .contains("FERRY_KILL_GRACE").contains(TestTasks.Stubborn.class.getName() + ".run(")
                .doesNotContain("\n");
        assertThat(runner.stuck()).isEqualTo(1);
        assertThat(runner.active()).isZero();

        TestTasks.LATCHES.computeIfAbsent("runner-stuck-go", k -> new CountDownLatch(1)).countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (runner.stuck() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runner.stuck()).as("a stuck thread that returns at last is counted no more").isZero();
        assertThat(updates).as("its late result is dropped").isEmpty();
        assertThat(restarts).as("reported once").isEmpty();
    }

    @Test
    void anOutOfMemoryErrorFailsTheTaskAndAsksForARestart() throws Exception {
        runner().launch(ScriptedAgent.task("oom", serialize(new TestTasks.RunsOutOfMemory())));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).isEqualTo("java.lang.OutOfMemoryError: Java heap space (simulated)");
        assertThat(((RemoteError) deserialize(u.data())).className()).isEqualTo(OutOfMemoryError.class.getName());
        RestartReason reason = restarts.poll(20, TimeUnit.SECONDS);
        assertThat(reason).isEqualTo(new RestartReason.OutOfMemory("oom", u.message()));
        assertThat(reason.exitCode()).isEqualTo(ExitCode.OUT_OF_MEMORY);
    }

    @Test
    void aStackOverflowFailsOnlyItsTask() throws Exception {
        TaskRunner runner = oneThreadRunner(); // the next task starts only once the failed one has fully ended
        runner.launch(ScriptedAgent.task("deep", serialize(new TestTasks.Recursing())));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(u.message()).isEqualTo("java.lang.StackOverflowError");
        assertThat(((RemoteError) deserialize(u.data())).stackTrace()).isNotEmpty();

        runner.launch(ScriptedAgent.task("after", serialize(new TestTasks.Returning("fine"))));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(restarts).as("no restart for a stack overflow").isEmpty();
    }

    @Test
    void classesComeFromTheApp() throws Exception {
        ClassServer app = new ClassServer();
        closing.add(app);
        TaskRunner runner = runner(new AppClassLoader(app.url(), ClassServer.TOKEN, Duration.ofSeconds(10),
                ClassServer.parentWithoutTestApp()), 1 << 20, NEVER);

        runner.launch(ScriptedAgent.task("sq", serialize(new Square(7))));
        TaskUpdate u = next();
        assertThat(u.state()).as(u.message()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(deserialize(u.data())).isEqualTo(49);

        runner.launch(ScriptedAgent.task("ex", serialize(new Explode())));
        TaskUpdate failed = next();
        assertThat(failed.state()).isEqualTo(TaskState.TASK_FAILED);
        RemoteError error = (RemoteError) deserialize(failed.data());
        assertThat(error.stackTrace()[0].getClassName()).isEqualTo(Explode.class.getName());
        assertThat(error.cause().message()).isEqualTo("the root cause");
    }

    @Test
    void aClassTheAppDoesNotHaveFailsTheTaskNamingClassAndApp() throws Exception {
        ClassServer app = new ClassServer().refuse(Lonely.class.getName());
        closing.add(app);
        TaskRunner runner = runner(new AppClassLoader(app.url(), ClassServer.TOKEN, Duration.ofSeconds(10),
                ClassServer.parentWithoutTestApp()), 1 << 20, NEVER);

        runner.launch(ScriptedAgent.task("lonely", serialize(new Lonely())));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        RemoteError error = (RemoteError) deserialize(u.data());
        assertThat(error.message()).contains("task lonely could not be deserialized")
                .contains("class " + Lonely.class.getName() + " not found")
                .contains(app.url());
    }

    @Test
    void anUnreachableAppFailsTheTaskSayingSo() throws Exception {
        ClassServer app = new ClassServer();
        String url = app.url();
        app.close(); // nothing listens there any more
        TaskRunner runner = runner(new AppClassLoader(url, ClassServer.TOKEN, Duration.ofSeconds(10),
                ClassServer.parentWithoutTestApp()), 1 << 20, NEVER);

        runner.launch(ScriptedAgent.task("sq", serialize(new Square(3))));
        TaskUpdate u = next();
        assertThat(u.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(((RemoteError) deserialize(u.data())).message())
                .contains("task sq could not be deserialized")
                .contains("the app at " + url + " could not be reached");
    }
}
