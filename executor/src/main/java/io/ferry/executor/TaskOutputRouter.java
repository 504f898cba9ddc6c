package io.ferry.executor;

import io.ferry.wire.TaskOutputLayout.Stream;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What {@code System.out} and {@code System.err} write to in the executor: every byte goes to the JVM's own stream
 * (the sandbox's {@code stdout} and {@code stderr}, which keep everything, as before), and also to the output of
 * the task the writing thread works for ({@link TaskOutput#current()}), if any.
 *
 * <p>Installed once per JVM ({@link #install()}), under a plain {@link PrintStream} like the JVM's own: that
 * stream turns each print into one {@code write} here, under its lock, so a task's line is never split between
 * two routes. A thread that works for no task pays one thread-local read per write.
 *
 * <p>Characters become bytes as UTF-8, whatever the JVM's locale says: an agent starts the executor with no locale
 * (a Mesos agent passes its executors only its own variables, docs/mesos-notes.md §3.4), where Java 17 would
 * encode {@code System.out} as ASCII and write every other character as {@code ?}. The app reads tasks' files and
 * the executor's own {@code stdout} and {@code stderr} as UTF-8.
 */
final class TaskOutputRouter extends OutputStream {

    /** The JVM's own stderr from before {@link #install()} (writing UTF-8), or null before it. */
    private static PrintStream originalErr;

    private final PrintStream tee;
    private final Stream stream;

    /**
     * @param tee    the JVM's own stream, which gets everything; its errors are its own (a {@code PrintStream}
     *               never throws), so a broken stdout stops no task and no task's file
     * @param stream which of the task's files the route writes to
     */
    TaskOutputRouter(PrintStream tee, Stream stream) {
        this.tee = Objects.requireNonNull(tee, "tee");
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    /**
     * Makes {@code System.out} and {@code System.err} route by task, once per JVM; returns the JVM's own stderr as
     * it was before, for notices that must not be routed.
     */
    static synchronized PrintStream install() {
        if (originalErr == null) {
            // Bytes written to a PrintStream pass as they are: this one encodes, the JVM's own only writes.
            originalErr = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            System.setOut(routing(System.out, Stream.STDOUT, StandardCharsets.UTF_8));
            System.setErr(routing(System.err, Stream.STDERR, StandardCharsets.UTF_8));
        }
        return originalErr;
    }

    /**
     * A plain {@link PrintStream}, not a subclass: the JDK writes a {@code println} as one write only on the class
     * itself. Flushed at each line, as the JVM's own.
     */
    static PrintStream routing(PrintStream original, Stream stream, Charset charset) {
        return new PrintStream(new TaskOutputRouter(original, stream), true, charset);
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        // The task's file first: whoever sees a line in the executor's stdout finds it in the task's file too.
        TaskOutput output = TaskOutput.current();
        if (output != null) {
            output.write(stream, b, off, len);
        }
        tee.write(b, off, len);
    }

    @Override
    public void flush() {
        tee.flush();
    }

    /** Flushes only: the JVM's own stream is not a task's to close, and a task's files close when it ends. */
    @Override
    public void close() {
        flush();
    }
}
