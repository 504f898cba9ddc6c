package io.ferry.executor;

import io.ferry.wire.TaskOutputLayout;
import io.ferry.wire.TaskOutputLayout.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where tasks' output goes, and how much of it is kept. */
class TaskOutputStoreTest {

    @TempDir
    Path sandbox;

    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();

    private TaskOutputStore store(TaskOutputStore.Limits limits) {
        return new TaskOutputStore(sandbox, limits, new PrintStream(notices, true, StandardCharsets.UTF_8));
    }

    /** A task that wrote {@code text} to its stdout and ended. */
    private static void ran(TaskOutputStore store, String taskId, String text) {
        TaskOutput output = store.output(taskId);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.write(Stream.STDOUT, bytes, 0, bytes.length);
        output.close();
    }

    private Path directory(String taskId) {
        return sandbox.resolve(TaskOutputLayout.TASKS).resolve(TaskOutputLayout.directoryName(taskId));
    }

    @Test
    void theNewestTasksAreKept() {
        TaskOutputStore store = store(new TaskOutputStore.Limits(1 << 20, 3, 1 << 20));
        for (int i = 1; i <= 5; i++) {
            ran(store, "t" + i, "out " + i);
        }

        assertThat(directory("t1")).doesNotExist();
        assertThat(directory("t2")).doesNotExist();
        assertThat(directory("t3").resolve("stdout")).hasContent("out 3");
        assertThat(directory("t5").resolve("stdout")).hasContent("out 5");
        assertThat(store.keptCount()).isEqualTo(3);
        assertThat(notices.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void atMostSoManyBytesAreKeptButAlwaysTheNewestTask() {
        TaskOutputStore store = store(new TaskOutputStore.Limits(1 << 20, 1000, 10));
        ran(store, "a", "123456");
        ran(store, "b", "123456");
        assertThat(directory("a")).as("12 bytes are over 10: the older goes").doesNotExist();
        assertThat(directory("b")).exists();

        ran(store, "big", "x".repeat(50));
        assertThat(directory("b")).doesNotExist();
        assertThat(directory("big").resolve("stdout")).as("the newest stays, whatever its size").exists();
    }

    @Test
    void aRunningTasksFilesAreNeverRemoved() {
        TaskOutputStore store = store(new TaskOutputStore.Limits(1 << 20, 1, 1 << 20));
        TaskOutput running = store.output("running");
        running.write(Stream.STDERR, new byte[]{'!'}, 0, 1);
        ran(store, "x", "x");
        ran(store, "y", "y");

        assertThat(directory("running").resolve("stderr")).hasContent("!");
        assertThat(directory("x")).doesNotExist();
        running.close();
        assertThat(directory("y")).as("kept one: the task that ended last").doesNotExist();
        assertThat(directory("running")).exists();
    }

    @Test
    void anyTaskIdIsOneDirectoryInsideTheTasksDirectory() throws Exception {
        TaskOutputStore store = store(TaskOutputStore.Limits.DEFAULT);
        ran(store, "../escape", "contained");

        assertThat(sandbox.resolve(TaskOutputLayout.TASKS).resolve("%2E.%2Fescape").resolve("stdout"))
                .hasContent("contained");
        try (var entries = Files.list(sandbox)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(TaskOutputLayout.TASKS);
        }
    }

    @Test
    void keepingNoTaskIsNotALimit() {
        assertThatThrownBy(() -> new TaskOutputStore.Limits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
