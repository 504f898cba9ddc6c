package io.ferry.executor;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One stream of one task's output in its file: at most a fixed number of bytes, then once a line saying that the
 * rest was cut. Not thread-safe: its {@link TaskOutput} guards it.
 *
 * <p>A {@link FileOutputStream}, not a {@code FileChannel}: a channel is closed by an interrupt of the thread that
 * writes, and a killed task is interrupted, often just before it prints why it stops. Unbuffered: each write of
 * the routing {@code PrintStream} is already a whole print, and what is in the file is what the dashboard shows
 * while the task runs and what is left if the JVM exits.
 */
final class TaskOutputFile implements AutoCloseable {

    private final FileOutputStream out;
    private final long maxBytes;
    private final byte[] cutNotice;
    private long size;
    private boolean cut;

    /**
     * @param file      created, or appended to if it exists
     * @param maxBytes  how many bytes of output it keeps
     * @param streamName what the notice calls the stream the rest still goes to ({@code stdout}, {@code stderr})
     */
    TaskOutputFile(Path file, long maxBytes, String streamName) throws IOException {
        this.out = new FileOutputStream(file.toFile(), true);
        this.maxBytes = maxBytes;
        this.cutNotice = ("\n[ferry: cut here at " + maxBytes + " bytes; the executor's own " + streamName
                + " has all of this task's output]\n").getBytes(StandardCharsets.UTF_8);
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (cut) {
            return;
        }
        long room = maxBytes - size;
        int n = (int) Math.min(len, room);
        if (n > 0) {
            out.write(b, off, n);
            size += n;
        }
        if (n < len) {
            cut = true;
            out.write(cutNotice);
            size += cutNotice.length;
        }
    }

    /** Bytes in the file. */
    long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
