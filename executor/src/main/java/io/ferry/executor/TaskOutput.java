package io.ferry.executor;

import io.ferry.wire.TaskOutputLayout.Stream;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What one task wrote to {@code System.out} and {@code System.err}, in its files below the sandbox
 * ({@link TaskOutputStore}). Costs nothing until the task writes: the directory and each file are made on the
 * first write to them, so the many tasks that print nothing leave nothing behind.
 *
 * <p><b>Routing.</b> The thread that runs the task {@link #enter()}s its output and {@link #leave()}s it when
 * the task is done; {@link TaskOutputRouter} asks {@link #current()} where a write goes. The route is an
 * {@link InheritableThreadLocal}, so threads the task starts write to its files too. Once the task ended its
 * output is {@link #close()}d and writes to it are dropped: a thread the task left behind, or a pool thread it
 * created and another task now uses, then writes only to the executor's own stdout and stderr, never into a
 * finished task's files. The executor's own threads are made without inheriting (see {@code TaskRunner}).
 *
 * <p>Thread-safe: the task's threads and the one that ends it meet on this object's monitor. While holding it,
 * nothing here writes to {@code System.out} or {@code System.err} (those lock the routing streams, whose writers
 * then wait for this monitor): notices go to the JVM's own streams ({@link TaskOutputStore}).
 */
final class TaskOutput {

    private static final InheritableThreadLocal<TaskOutput> CURRENT = new InheritableThreadLocal<>();

    private final TaskOutputStore store;
    private final String taskId;
    private Path directory;
    private TaskOutputFile stdout;
    private TaskOutputFile stderr;
    private boolean closed;
    /** Set once making the directory or a file failed: the rest of this task's output goes to the tee only. */
    private boolean failed;

    TaskOutput(TaskOutputStore store, String taskId) {
        this.store = store;
        this.taskId = taskId;
    }

    /** The output of the task the calling thread works for, or null. */
    static TaskOutput current() {
        return CURRENT.get();
    }

    /** Routes what the calling thread (and threads it starts from now on) writes to this task's files. */
    void enter() {
        CURRENT.set(this);
    }

    /**
     * Ends the calling thread's route. {@code set(null)}, not {@code remove()}: the thread keeps its entry for the
     * next task, which then costs no allocation.
     */
    static void leave() {
        CURRENT.set(null);
    }

    String taskId() {
        return taskId;
    }

    /** Appends to the task's file for {@code stream}, making it first if need be; dropped once closed. */
    synchronized void write(Stream stream, byte[] b, int off, int len) {
        if (closed || failed || len == 0) {
            return;
        }
        try {
            TaskOutputFile file = stream == Stream.STDOUT ? stdout : stderr;
            if (file == null) {
                if (directory == null) {
                    directory = store.createDirectory(taskId);
                }
                file = store.openFile(directory, stream);
                if (stream == Stream.STDOUT) {
                    stdout = file;
                } else {
                    stderr = file;
                }
            }
            file.write(b, off, len);
        } catch (IOException | RuntimeException e) {
            failed = true;
            store.failed(taskId, e);
        }
    }

    /** Closes the files, once; later writes are dropped. The directory is then the store's to keep or remove. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (directory == null) {
            return;
        }
        long bytes = closeQuietly(stdout) + closeQuietly(stderr);
        store.ended(directory, bytes);
    }

    private long closeQuietly(TaskOutputFile file) {
        if (file == null) {
            return 0;
        }
        try {
            file.close();
        } catch (IOException e) {
            store.failed(taskId, e);
        }
        return file.size();
    }
}
