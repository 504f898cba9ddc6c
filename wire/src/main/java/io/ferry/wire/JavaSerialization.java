package io.ferry.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Java serialization of tasks, results and failures, with limits on both sides.
 *
 * <p>Reading goes through an {@link ObjectInputFilter}: a graph deeper than {@link #MAX_DEPTH}, or an array longer
 * than the input has bytes (every element takes at least one byte, so a longer one is an allocation bomb), is
 * refused. Writing stops as soon as the output passes its limit, so an oversized result is never fully buffered.
 *
 * <p>Null, boxed primitives and strings, what most results are, take a few bytes of their own instead of an object
 * stream ({@link CompactValues}). Everything else takes the JDK's stream but for class descriptors: a class that is
 * the same on both sides is named rather than described (see {@link WatchingOutputStream}), and checked against the
 * reader's own ({@link LoaderObjectInputStream}). Both sides must run this class of one build; a stream written by a
 * plain ObjectOutputStream is still read.
 */
public final class JavaSerialization {

    /**
     * Deep enough for real object graphs, shallow enough that deserializing cannot overflow a thread's stack.
     * Measured on JDK 17 with the default 1 MiB thread stack: a chain of plain objects overflows between 1,200 and
     * 1,400 levels on a fresh thread, and sooner on a thread that is already deep (a test runner's, a servlet
     * container's), so 1,000 was too close; 500 leaves room.
     */
    public static final int MAX_DEPTH = 500;

    /**
     * The largest serialized task: the app refuses a larger one at submit, and the executor refuses to deserialize
     * one (failing the task with a message that names this limit, or a smaller one derived from its heap).
     *
     * @since 0.1
     */
    public static final int MAX_TASK_BYTES = 16 * 1024 * 1024;

    private JavaSerialization() {
    }

    /**
     * Serializes {@code value}.
     *
     * @param maxBytes the largest output accepted
     * @throws TooLargeException if the serialized form would be longer than {@code maxBytes}
     * @throws IOException       if something in the graph cannot be serialized
     */
    public static byte[] serialize(Object value, int maxBytes) throws IOException {
        return serializeToByteString(value, maxBytes).toByteArray();
    }

    /**
     * Serializes {@code value} into a ByteString made of pieces of at most {@link #CHUNK_BYTES}, without a copy into
     * one array. A large task or result is kept (queued, in a TaskInfo or a status update) as many small arrays: to
     * G1 an array of half a heap region or more is "humongous" and takes whole regions, so a 1 MiB task, which is
     * a little over 1 MiB serialized, would take two 1 MiB regions of a 512 MiB heap.
     *
     * @param maxBytes the largest output accepted
     * @throws TooLargeException if the serialized form would be longer than {@code maxBytes}
     * @throws IOException       if something in the graph cannot be serialized
     * @since 0.1
     */
    public static ByteString serializeToByteString(Object value, int maxBytes) throws IOException {
        ByteString compact = CompactValues.encode(value);
        if (compact != null) {
            if (compact.size() > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            return compact;
        }
        BoundedOutput out = new BoundedOutput(maxBytes);
        WatchingOutputStream oos = null;
        try (WatchingOutputStream o = new WatchingOutputStream(out)) {
            oos = o;
            o.writeObject(value);
        } catch (TooLargeException e) {
            // On a NotSerializableException, ObjectOutputStream writes the exception itself into the stream; if
            // that overflows, the overflow would hide the real problem. Report the real one.
            if (oos != null && oos.firstUnserializable != null) {
                NotSerializableException real = new NotSerializableException(oos.firstUnserializable);
                real.addSuppressed(e);
                throw real;
            }
            throw e;
        }
        return out.toByteString();
    }

    /**
     * Deserializes {@code bytes}, resolving classes through {@code loader}.
     *
     * @throws InvalidClassException if the input breaks the filter's limits or names a class that cannot be loaded
     */
    public static Object deserialize(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
        return deserialize(new ByteArrayInputStream(bytes), bytes.length, loader);
    }

    /**
     * Deserializes {@code length} bytes from {@code input}, resolving classes through {@code loader}, without a copy
     * of the input.
     *
     * @param length how many bytes {@code input} holds: the filter's limits are derived from it
     * @throws InvalidClassException if the input breaks the filter's limits or names a class that cannot be loaded
     * @since 0.1
     */
    public static Object deserialize(InputStream input, long length, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        InputStream peekable = input.markSupported() ? input : new BufferedInputStream(input, 1);
        peekable.mark(1);
        int first = peekable.read();
        if (first != CompactValues.JDK_STREAM && first != -1) {
            return CompactValues.decode(first, peekable, length);
        }
        peekable.reset();
        try (ObjectInputStream in = new LoaderObjectInputStream(peekable, loader)) {
            in.setObjectInputFilter(limits(length));
            return in.readObject();
        } catch (LoaderObjectInputStream.MissingClassException e) {
            throw e.getCause();
        }
    }

    static ObjectInputFilter limits(long inputBytes) {
        return info -> {
            if (info.depth() > MAX_DEPTH) {
                return ObjectInputFilter.Status.REJECTED;
            }
            if (info.arrayLength() > inputBytes) {
                return ObjectInputFilter.Status.REJECTED;
            }
            // The array is allocated before its elements are read: it must fit into what is left of the input,
            // at the least number of bytes each element takes there (a long takes 8, a reference at least 1).
            // streamBytes() counts what the stream buffered ahead too (at most a block of 1 KiB), hence the slack.
            if (info.arrayLength() > 0 && info.serialClass() != null && info.serialClass().isArray()
                    && info.arrayLength() * minElementBytes(info.serialClass().getComponentType())
                    > inputBytes - info.streamBytes() + READ_AHEAD_SLACK) {
                return ObjectInputFilter.Status.REJECTED;
            }
            if (info.streamBytes() > inputBytes) {
                return ObjectInputFilter.Status.REJECTED;
            }
            return ObjectInputFilter.Status.UNDECIDED;
        };
    }

    private static final long READ_AHEAD_SLACK = 4096;

    private static long minElementBytes(Class<?> component) {
        if (component == long.class || component == double.class) {
            return 8;
        }
        if (component == int.class || component == float.class) {
            return 4;
        }
        if (component == short.class || component == char.class) {
            return 2;
        }
        return 1;
    }

    /** The serialized form would be longer than the limit. */
    public static final class TooLargeException extends IOException {
        private final long limit;

        TooLargeException(long limit) {
            super("serialized form exceeds the limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /**
     * The pieces of {@link #serializeToByteString}: 256 KiB, below half of G1's smallest region (1 MiB), so never
     * humongous.
     */
    static final int CHUNK_BYTES = 256 * 1024;

    /**
     * Collects the output in pieces: the first grows from 256 bytes up to {@link #CHUNK_BYTES} (small tasks take
     * little room), further ones are full chunks. Nothing is copied into one large array.
     */
    private static final class BoundedOutput extends OutputStream {
        private final int max;
        private final List<ByteString> full = new ArrayList<>();
        private byte[] buf = new byte[256];
        private int count;
        private long total;

        BoundedOutput(int max) {
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            reserve(1);
            room();
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            reserve(len);
            while (len > 0) {
                room();
                int n = Math.min(len, buf.length - count);
                System.arraycopy(b, off, buf, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        private void reserve(int more) throws TooLargeException {
            if (total + more > max) {
                throw new TooLargeException(max);
            }
            total += more;
        }

        /** Makes room for at least one byte in {@code buf}. */
        private void room() {
            if (count < buf.length) {
                return;
            }
            if (buf.length < CHUNK_BYTES) {
                buf = Arrays.copyOf(buf, Math.min(CHUNK_BYTES, buf.length * 2));
            } else {
                full.add(UnsafeByteOperations.unsafeWrap(buf));
                buf = new byte[CHUNK_BYTES];
                count = 0;
            }
        }

        /** The output; wraps the pieces without copying them (only the last one is cut to its length). */
        ByteString toByteString() {
            full.add(UnsafeByteOperations.unsafeWrap(count == buf.length ? buf : Arrays.copyOf(buf, count)));
            // Despite its name, copyFrom(Iterable) concatenates: a balanced rope over the pieces, no copy of them.
            return ByteString.copyFrom(full);
        }
    }
}
