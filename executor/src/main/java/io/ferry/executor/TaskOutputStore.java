package io.ferry.executor;

import io.ferry.wire.TaskOutputLayout;
import io.ferry.wire.TaskOutputLayout.Stream;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-task output files of one executor: {@code <sandbox>/tasks/<task>/stdout} and {@code stderr}
 * ({@link TaskOutputLayout}, which the app reads the path from), each cut at {@link Limits#maxStreamBytes}.
 *
 * <p><b>What is kept.</b> An executor runs hundreds of thousands of tasks in its life, and its sandbox stays on
 * the agent's disk until the agent garbage-collects it after the executor ended. A task that writes nothing
 * leaves nothing; of the tasks that did, the newest {@link Limits#keptTasks} directories holding at most
 * {@link Limits#keptBytes} are kept (and always the newest one), and older ones are removed as newer tasks end:
 * recent tasks' output is what the dashboard shows, and a million tasks that each print a line must fill neither
 * the agent's disk nor one directory with a million entries. Tasks still running are never removed.
 *
 * <p>Thread-safe. Problems with the files (no sandbox, a full disk) never fail a task: its output still reaches
 * the executor's own stdout and stderr, and the first problem is said once on the JVM's own stderr.
 */
final class TaskOutputStore {

    /**
     * The bounds of the store.
     *
     * @param maxStreamBytes the most bytes kept of one task's stdout, and of its stderr
     * @param keptTasks      how many directories of ended tasks are kept, the newest; at least one
     * @param keptBytes      how many bytes of ended tasks' output are kept, the newest (but the newest task's
     *                       directory is kept whatever its size)
     */
    record Limits(long maxStreamBytes, int keptTasks, long keptBytes) {
        /** 1 MiB per stream; the last 1,000 tasks that wrote, at most 64 MiB of them. */
        static final Limits DEFAULT = new Limits(1 << 20, 1000, 64L << 20);

        Limits {
            if (maxStreamBytes < 0 || keptTasks < 1 || keptBytes < 0) {
                throw new IllegalArgumentException("negative limits: " + maxStreamBytes + ", " + keptTasks + ", "
                        + keptBytes);
            }
        }
    }

    private record Kept(Path directory, long bytes) {
    }

    private final Path root;
    private final Limits limits;
    private final PrintStream notices;
    private final AtomicBoolean noticed = new AtomicBoolean();
    /** Ended tasks' directories, oldest first; guarded by itself. */
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private long keptBytes;

    /**
     * @param sandbox the executor's sandbox; {@code tasks} is made below it when a task first writes, the sandbox
     *                itself never (it is the agent's to make)
     * @param limits  the bounds
     * @param notices where a problem with the files is said: the JVM's own stderr, not the routed one
     */
    TaskOutputStore(Path sandbox, Limits limits, PrintStream notices) {
        this.root = sandbox.resolve(TaskOutputLayout.TASKS);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /** A task's output, which makes no file until the task writes. */
    TaskOutput output(String taskId) {
        return new TaskOutput(this, taskId);
    }

    Path createDirectory(String taskId) throws IOException {
        Path directory = root.resolve(TaskOutputLayout.directoryName(taskId));
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            return directory; // a task id launched again: its output goes on where it was
        } catch (IOException e) {
            if (Files.isDirectory(root)) {
                throw e;
            }
            createRoot();
            Files.createDirectory(directory);
        }
        return directory;
    }

    TaskOutputFile openFile(Path directory, Stream stream) throws IOException {
        return new TaskOutputFile(directory.resolve(stream.fileName()), limits.maxStreamBytes(), stream.fileName());
    }

    /** A task whose output is in {@code directory} ended; removes the oldest directories beyond the limits. */
    void ended(Path directory, long bytes) {
        List<Path> removing = new ArrayList<>();
        synchronized (kept) {
            kept.addLast(new Kept(directory, bytes));
            keptBytes += bytes;
            while (kept.size() > limits.keptTasks() || kept.size() > 1 && keptBytes > limits.keptBytes()) {
                Kept oldest = kept.removeFirst();
                keptBytes -= oldest.bytes();
                removing.add(oldest.directory());
            }
        }
        for (Path old : removing) {
            remove(old);
        }
    }

    /** How many directories of ended tasks are kept now. */
    int keptCount() {
        synchronized (kept) {
            return kept.size();
        }
    }

    /** Says the first problem with the files, once: tasks keep running, and the executor's own streams get it all. */
    void failed(String taskId, Exception e) {
        if (noticed.compareAndSet(false, true)) {
            notices.println("ferry-executor: cannot keep task output in " + root + " (task " + taskId + ": " + e
                    + "); what tasks write still goes to the executor's stdout and stderr. Said once.");
        }
    }

    private void createRoot() throws IOException {
        try {
            Files.createDirectory(root);
        } catch (FileAlreadyExistsException e) {
            // another task made it first
        }
    }

    private void remove(Path directory) {
        try {
            for (Stream stream : Stream.values()) {
                Files.deleteIfExists(directory.resolve(stream.fileName()));
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            failed(directory.getFileName().toString(), e);
        }
    }
}
