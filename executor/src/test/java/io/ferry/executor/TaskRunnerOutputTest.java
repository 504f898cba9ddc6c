package io.ferry.executor;

import io.ferry.wire.JavaSerialization;
import io.ferry.wire.TaskOutputLayout;
import io.ferry.wire.TaskOutputLayout.Stream;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each task's output in files of its own, through a real {@link TaskRunner} and the JVM's {@code System.out} and
 * {@code System.err}, which the runner routes by task.
 */
class TaskRunnerOutputTest {

    @TempDir
    Path sandbox;

    private final BlockingQueue<TaskUpdate> updates = new LinkedBlockingQueue<>();
    private final List<TaskRunner> runners = new ArrayList<>();

    @AfterEach
    void close() {
        runners.forEach(TaskRunner::close);
    }

    private TaskRunner runner(int threads, TaskOutputStore.Limits limits) {
        return runner(threads, limits, Duration.ofSeconds(5), r -> { });
    }

    private TaskRunner runner(int threads, TaskOutputStore.Limits limits, Duration killGrace,
                              Consumer<RestartReason> restarts) {
        TaskRunner runner = new TaskRunner(getClass().getClassLoader(), new TaskRunner.Settings(threads, 1 << 20,
                1 << 20, Duration.ofHours(1), killGrace, sandbox, limits), updates::add, restarts);
        runners.add(runner);
        return runner;
    }

    private TaskRunner runner(int threads) {
        return runner(threads, TaskOutputStore.Limits.DEFAULT);
    }

    private void launch(TaskRunner runner, String id, Object task) throws IOException {
        runner.launch(ScriptedAgent.task(id, JavaSerialization.serialize(task, 1 << 20)));
    }

    private TaskUpdate next() throws InterruptedException {
        TaskUpdate u = updates.poll(20, TimeUnit.SECONDS);
        assertThat(u).as("an update within 20 s").isNotNull();
        return u;
    }

    private Path file(String taskId, Stream stream) {
        return sandbox.resolve(TaskOutputLayout.relativePath(taskId, stream));
    }

    private String read(String taskId, Stream stream) throws IOException {
        return Files.readString(file(taskId, stream), StandardCharsets.UTF_8);
    }

    @Test
    void whatATaskPrintsIsInItsFilesWhenItsUpdateLeaves() throws Exception {
        TaskRunner runner = runner(4);
        launch(runner, "t1", new TestTasks.Printing("hi3\n", "oops\n"));

        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(read("t1", Stream.STDOUT)).isEqualTo("hi3\n");
        assertThat(read("t1", Stream.STDERR)).isEqualTo("oops\n");
    }

    @Test
    void aTaskThatPrintsNothingLeavesNothing() throws Exception {
        TaskRunner runner = runner(4);
        launch(runner, "quiet", new TestTasks.Returning("x"));
        launch(runner, "only-out", new TestTasks.Printing("o", ""));

        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        try (var entries = Files.list(sandbox.resolve(TaskOutputLayout.TASKS))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("only-out");
        }
        assertThat(file("only-out", Stream.STDERR)).as("no file for a stream the task left alone").doesNotExist();
    }

    @Test
    void threadsATaskStartsWriteToItsFiles() throws Exception {
        TaskRunner runner = runner(4);
        launch(runner, "parent", new TestTasks.PrintingFromAThread("from the child\n"));

        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(read("parent", Stream.STDOUT)).isEqualTo("from the child\n");
    }

    @Test
    void twoTasksPrintingAtTheSameTimeDoNotMix() throws Exception {
        TaskRunner runner = runner(4);
        launch(runner, "left", new TestTasks.TakingTurns("no-mixing", "left", 50));
        launch(runner, "right", new TestTasks.TakingTurns("no-mixing", "right", 50));

        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            left.append("left ").append(i).append(System.lineSeparator());
            right.append("right ").append(i).append(System.lineSeparator());
        }
        assertThat(read("left", Stream.STDOUT)).isEqualTo(left.toString());
        assertThat(read("right", Stream.STDOUT)).isEqualTo(right.toString());
    }

    @Test
    void aPoolThreadCarriesNoRouteFromOneTaskToTheNext() throws Exception {
        TaskRunner runner = runner(1); // one thread: the second task runs where the first ran
        launch(runner, "first", new TestTasks.Printing("one\n", ""));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        launch(runner, "second", new TestTasks.Printing("two\n", ""));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);

        assertThat(read("first", Stream.STDOUT)).isEqualTo("one\n");
        assertThat(read("second", Stream.STDOUT)).isEqualTo("two\n");
    }

    @Test
    void aThreadThatOutlivesItsTaskNoLongerWritesToItsFiles() throws Exception {
        TaskRunner runner = runner(1);
        launch(runner, "gone", new TestTasks.LeavingAThreadBehind("outlives", "before\n", "after\n"));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        launch(runner, "next", new TestTasks.Printing("next\n", ""));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);

        TestTasks.LATCHES.computeIfAbsent("outlives", k -> new CountDownLatch(1)).countDown();
        assertThat(TestTasks.LATCHES.computeIfAbsent("outlives-done", k -> new CountDownLatch(1))
                .await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(read("gone", Stream.STDOUT)).isEqualTo("before\n");
        assertThat(read("next", Stream.STDOUT)).isEqualTo("next\n");
    }

    @Test
    void aKilledTasksFilesAreClosedWhenItsKillIsReported() throws Exception {
        TaskRunner runner = runner(4);
        launch(runner, "killed", new TestTasks.PrintingUntilKilled("output-killed"));
        assertThat(TestTasks.LATCHES.computeIfAbsent("output-killed", k -> new CountDownLatch(1))
                .await(20, TimeUnit.SECONDS)).isTrue();
        System.out.println("not the task's: printed by the test's thread");

        runner.kill("killed", "killed");
        assertThat(next().state()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(read("killed", Stream.STDOUT)).isEqualTo("started" + System.lineSeparator());
        TestTasks.LATCHES.computeIfAbsent("output-killed-go", k -> new CountDownLatch(1)).countDown();
        assertThat(TestTasks.LATCHES.computeIfAbsent("output-killed-done", k -> new CountDownLatch(1))
                .await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(read("killed", Stream.STDOUT)).as("what it printed once killed is not in its file")
                .isEqualTo("started" + System.lineSeparator());
    }

    @Test
    void eachStreamIsCutAtTheLimitAndOldTasksAreRemoved() throws Exception {
        TaskRunner runner = runner(1, new TaskOutputStore.Limits(8, 2, 1 << 20));
        launch(runner, "long", new TestTasks.Printing("0123456789abcdef", "short"));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);

        assertThat(read("long", Stream.STDOUT)).startsWith("01234567\n[ferry: cut here at 8 bytes")
                .contains("the executor's own stdout").doesNotContain("89abcdef");
        assertThat(read("long", Stream.STDERR)).isEqualTo("short");

        launch(runner, "second", new TestTasks.Printing("2", ""));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        launch(runner, "third", new TestTasks.Printing("3", ""));
        assertThat(next().state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(file("long", Stream.STDOUT).getParent()).as("the oldest of three, two kept").doesNotExist();
        assertThat(read("second", Stream.STDOUT)).isEqualTo("2");
        assertThat(read("third", Stream.STDOUT)).isEqualTo("3");
    }

    @Test
    void theRunnersOwnThreadsCarryNoRoute() throws Exception {
        // The worst case: the thread that launches (and so makes the pool's thread, which makes the timer's) has a
        // route of its own. Neither the pool's thread after the task nor the timer's may carry it, or the
        // executor's own words (here: its restart callbacks) would land in some task's files.
        BlockingQueue<Optional<TaskOutput>> routes = new LinkedBlockingQueue<>();
        TaskRunner runner = runner(1, TaskOutputStore.Limits.DEFAULT, Duration.ofMillis(50),
                reason -> routes.add(Optional.ofNullable(TaskOutput.current())));
        TaskOutput launcher = new TaskOutputStore(sandbox, TaskOutputStore.Limits.DEFAULT, System.err)
                .output("launcher");
        launcher.enter();
        try {
            launch(runner, "oom", new TestTasks.RunsOutOfMemory());
            assertThat(next().state()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(routes.poll(20, TimeUnit.SECONDS)).as("on the pool's thread, after the task").isEmpty();

            launch(runner, "stuck", new TestTasks.Stubborn("no-route-stuck"));
            assertThat(TestTasks.LATCHES.computeIfAbsent("no-route-stuck", k -> new CountDownLatch(1))
                    .await(20, TimeUnit.SECONDS)).isTrue();
            runner.kill("stuck", "killed");
            assertThat(next().state()).isEqualTo(TaskState.TASK_KILLED);
            assertThat(routes.poll(20, TimeUnit.SECONDS)).as("on the timer's thread").isEmpty();
        } finally {
            TaskOutput.leave();
            TestTasks.LATCHES.computeIfAbsent("no-route-stuck-go", k -> new CountDownLatch(1)).countDown();
        }
    }
}
