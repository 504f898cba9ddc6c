package io.ferry.executor;

import io.ferry.wire.TaskOutputLayout;
import io.ferry.wire.TaskOutputLayout.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing streams on their own: a {@link TaskOutputRouter} whose tee is a buffer stands for the JVM's stdout,
 * and the test's threads play the tasks' threads.
 */
class TaskOutputRouterTest {

    @TempDir
    Path sandbox;

    private final ByteArrayOutputStream jvmStdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();
    private final PrintStream out = TaskOutputRouter.routing(new PrintStream(jvmStdout, true, StandardCharsets.UTF_8),
            Stream.STDOUT, StandardCharsets.UTF_8);

    private TaskOutputStore store(TaskOutputStore.Limits limits) {
        return new TaskOutputStore(sandbox, limits, new PrintStream(notices, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void leave() {
        TaskOutput.leave();
    }

    private String read(String taskId) throws IOException {
        return Files.readString(sandbox.resolve(TaskOutputLayout.relativePath(taskId, Stream.STDOUT)));
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    @Test
    void eachThreadWritesToTheTaskItEnteredAndTheJvmStreamGetsEverything() throws Exception {
        TaskOutputStore store = store(TaskOutputStore.Limits.DEFAULT);
        TaskOutput a = store.output("a");
        TaskOutput b = store.output("b");
        CyclicBarrier turns = new CyclicBarrier(2);
        Thread ta = start(() -> {
            a.enter();
            for (int i = 0; i < 100; i++) {
                await(turns);
                out.println("a" + i);
            }
        });
        Thread tb = start(() -> {
            b.enter();
            for (int i = 0; i < 100; i++) {
                await(turns);
                out.println("b" + i);
            }
        });
        ta.join(20_000);
        tb.join(20_000);
        a.close();
        b.close();

        StringBuilder expectA = new StringBuilder();
        StringBuilder expectB = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expectA.append("a").append(i).append(System.lineSeparator());
            expectB.append("b").append(i).append(System.lineSeparator());
        }
        assertThat(read("a")).isEqualTo(expectA.toString());
        assertThat(read("b")).isEqualTo(expectB.toString());
        String jvm = jvmStdout.toString(StandardCharsets.UTF_8);
        assertThat(jvm).hasSize(expectA.length() + expectB.length());
        assertThat(jvm.lines().filter(l -> l.startsWith("a"))).containsExactlyElementsOf(expectA.toString().lines().toList());
        assertThat(jvm.lines().filter(l -> l.startsWith("b"))).containsExactlyElementsOf(expectB.toString().lines().toList());
    }

    @Test
    void threadsStartedByATaskInheritItsRoute() throws Exception {
        TaskOutput task = store(TaskOutputStore.Limits.DEFAULT).output("parent");
        task.enter();
        Thread child = start(() -> {
            Thread grandchild = start(() -> out.print("grandchild "));
            join(grandchild);
            out.print("child");
        });
        child.join(20_000);
        task.close();

        assertThat(read("parent")).isEqualTo("grandchild child");
    }

    @Test
    void afterLeavingAThreadWritesOnlyToTheJvmStream() throws Exception {
        TaskOutput task = store(TaskOutputStore.Limits.DEFAULT).output("t");
        task.enter();
        out.print("mine ");
        TaskOutput.leave();
        out.print("not mine");
        task.close();

        assertThat(read("t")).isEqualTo("mine ");
        assertThat(jvmStdout.toString(StandardCharsets.UTF_8)).isEqualTo("mine not mine");
        assertThat(TaskOutput.current()).isNull();
    }

    @Test
    void aClosedOutputTakesNoMoreEvenFromThreadsThatInheritedIt() throws Exception {
        TaskOutput task = store(TaskOutputStore.Limits.DEFAULT).output("t");
        task.enter();
        CountDownLatch printed = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread left = start(() -> {
            out.print("while it ran ");
            printed.countDown();
            try {
                closed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            out.print("after it ended");
        });
        TaskOutput.leave();
        assertThat(printed.await(20, TimeUnit.SECONDS)).isTrue();
        task.close();
        closed.countDown();
        left.join(20_000);

        assertThat(read("t")).isEqualTo("while it ran ");
        assertThat(jvmStdout.toString(StandardCharsets.UTF_8)).isEqualTo("while it ran after it ended");
    }

    @Test
    void aWriteNobodyRoutesMakesNoFile() throws Exception {
        TaskOutput quiet = store(TaskOutputStore.Limits.DEFAULT).output("quiet");
        quiet.enter();
        TaskOutput.leave();
        quiet.close();
        out.print("no task");

        assertThat(sandbox.resolve(TaskOutputLayout.TASKS)).doesNotExist();
        assertThat(jvmStdout.toString(StandardCharsets.UTF_8)).isEqualTo("no task");
    }

    @Test
    void beyondItsLimitAStreamIsCutOnceAndTheJvmStreamStillGetsAll() throws Exception {
        TaskOutput task = store(new TaskOutputStore.Limits(10, 1000, 1 << 20)).output("chatty");
        task.enter();
        out.print("0123456");
        out.print("789abc");
        out.print("def");
        task.close();

        String file = read("chatty");
        assertThat(file).startsWith("0123456789\n[ferry: cut here at 10 bytes; the executor's own stdout has all")
                .endsWith("]\n");
        assertThat(file.indexOf("[ferry:")).as("said once").isEqualTo(file.lastIndexOf("[ferry:"));
        assertThat(jvmStdout.toString(StandardCharsets.UTF_8)).isEqualTo("0123456789abcdef");
    }

    @Test
    void withoutASandboxTasksStillRunAndTheProblemIsSaidOnce() throws Exception {
        TaskOutputStore store = new TaskOutputStore(sandbox.resolve("missing"), TaskOutputStore.Limits.DEFAULT,
                new PrintStream(notices, true, StandardCharsets.UTF_8));
        for (String id : new String[]{"x", "y"}) {
            TaskOutput task = store.output(id);
            task.enter();
            out.print(id);
            TaskOutput.leave();
            task.close();
        }

        assertThat(sandbox.resolve("missing")).as("the sandbox is the agent's to make").doesNotExist();
        assertThat(jvmStdout.toString(StandardCharsets.UTF_8)).isEqualTo("xy");
        assertThat(notices.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .contains("cannot keep task output in " + sandbox.resolve("missing").resolve("tasks"))
                .contains("task x");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
