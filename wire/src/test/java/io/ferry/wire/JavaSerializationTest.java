package io.ferry.wire;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaSerializationTest {

    private static final ClassLoader LOADER = JavaSerializationTest.class.getClassLoader();

    record Point(int x, int y) implements Serializable {
    }

    static final class Node implements Serializable {
        Node next;
    }

    enum Colour { RED, GREEN }

    /** Writes extra data of its own (a writeObject method), around its field. */
    static final class Custom implements Serializable {
        transient String secret;
        int plain;

        private void writeObject(ObjectOutputStream out) throws java.io.IOException {
            out.defaultWriteObject();
            out.writeUTF(secret);
        }

        private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            secret = in.readUTF();
        }
    }

    @Test
    void roundTrips() throws Exception {
        Custom custom = new Custom();
        custom.secret = "s";
        custom.plain = 7;
        Object value = new ArrayList<>(List.of(new Point(1, 2), Map.of("k", new int[]{3, 4}), int.class,
                Colour.GREEN, LocalDate.of(2026, 12, 1), new HashMap<>(Map.of(1L, new String[]{"x"})), custom,
                Object.class, Runnable.class));
        Object back = JavaSerialization.deserialize(JavaSerialization.serialize(value, 10_000), LOADER);
        assertThat(back).usingRecursiveComparison().isEqualTo(value);
        assertThat(JavaSerialization.deserialize(JavaSerialization.serialize(null, 100), LOADER)).isNull();
    }

    @Test
    void aLambdaAndAProxyRoundTrip() throws Exception {
        int n = 40;
        String s = "ab";
        Callable<Integer> lambda = (Callable<Integer> & Serializable) () -> n + s.length();
        @SuppressWarnings("unchecked")
        Callable<Integer> back = (Callable<Integer>) JavaSerialization.deserialize(
                JavaSerialization.serialize(lambda, 10_000), LOADER);
        assertThat(back.call()).isEqualTo(42);

        InvocationHandler handler = (InvocationHandler & Serializable) (proxy, method, args) -> "proxied";
        Object proxy = Proxy.newProxyInstance(LOADER, new Class<?>[]{Callable.class}, handler);
        Object proxyBack = JavaSerialization.deserialize(JavaSerialization.serialize(proxy, 10_000), LOADER);
        assertThat(Proxy.isProxyClass(proxyBack.getClass())).isTrue();
        assertThat(((Callable<?>) proxyBack).call()).isEqualTo("proxied");
    }

    @Test
    void whatPlainObjectOutputStreamWroteIsStillRead() throws Exception {
        Object value = new ArrayList<>(List.of(new Point(1, 2), Colour.RED, "text"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        assertThat(JavaSerialization.deserialize(bytes.toByteArray(), LOADER)).isEqualTo(value);
    }

    /** Versioned has serialVersionUID 1; a stream that says otherwise comes from another version of it. */
    static final class Versioned implements Serializable {
        private static final long serialVersionUID = 1L;
        int value = 5;
    }

    @Test
    void aClassWrittenWithAnotherSerialVersionUidIsRefusedClearly() throws Exception {
        byte[] bytes = JavaSerialization.serialize(new Versioned(), 1000);
        int at = after(bytes, Versioned.class.getName());
        assertThat(ByteBuffer.wrap(bytes, at, 8).getLong()).isEqualTo(1L);
        ByteBuffer.wrap(bytes, at, 8).putLong(2L);
        assertThatThrownBy(() -> JavaSerialization.deserialize(bytes, LOADER))
                .isInstanceOf(InvalidClassException.class)
                .hasMessageContaining(Versioned.class.getName())
                .hasMessageContaining("stream classdesc serialVersionUID = 2, local class serialVersionUID = 1");
    }

    @Test
    void aClassWrittenWithOtherFieldsIsRefusedClearly() throws Exception {
        byte[] bytes = JavaSerialization.serialize(new Versioned(), 1000);
        // The shape fingerprint follows the serialVersionUID: as if the writer's class had other fields.
        int at = after(bytes, Versioned.class.getName()) + 8;
        bytes[at] ^= 1;
        assertThatThrownBy(() -> JavaSerialization.deserialize(bytes, LOADER))
                .isInstanceOf(InvalidClassException.class)
                .hasMessageContaining(Versioned.class.getName())
                .hasMessageContaining("differs from that of the class that wrote it");
    }

    @Test
    void jdkClassesWhoseFormMayChangeKeepTheirFieldListsForAReaderOnAnotherJava() throws Exception {
        // An app class is described by name (its fields are the reader's, checked by the shape); ArrayList's
        // field ("size") travels, so that a JDK of another version reads it as the JDK does.
        byte[] app = JavaSerialization.serialize(new Versioned(), 1000);
        byte[] jdk = JavaSerialization.serialize(new ArrayList<>(List.of(1)), 1000);
        assertThat(contains(app, Versioned.class.getName())).isTrue();
        assertThat(contains(app, "value")).isFalse();
        assertThat(contains(jdk, "size")).isTrue();
        assertThat(JavaSerialization.deserialize(jdk, LOADER)).isEqualTo(List.of(1));
    }

    private static boolean contains(byte[] bytes, String text) {
        try {
            after(bytes, text);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** The index just after the first occurrence of {@code text} in {@code bytes}. */
    private static int after(byte[] bytes, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + t.length <= bytes.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (bytes[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i + t.length;
        }
        throw new AssertionError(text + " is not in the data");
    }

    @Test
    void aClassTheLoaderCannotFindIsNamedEvenDeepInTheGraph() throws Exception {
        byte[] bytes = JavaSerialization.serialize(new ArrayList<>(List.of("a", Map.of("k", new Point(1, 2)))), 1000);
        // A first read through the test's loader resolves Point there; another loader must still look for itself.
        assertThat(JavaSerialization.deserialize(bytes, LOADER)).isNotNull();
        try (URLClassLoader jdkOnly = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> JavaSerialization.deserialize(bytes, jdkOnly))
                    .isInstanceOf(ClassNotFoundException.class)
                    .hasMessageContaining(Point.class.getName());
        }
    }

    @Test
    void aClassTheLoaderCouldNotFindIsAskedForAgainNextTime() throws Exception {
        byte[] bytes = JavaSerialization.serialize(new Point(3, 4), 1000);
        AtomicBoolean appUp = new AtomicBoolean(false);
        ClassLoader flaky = new ClassLoader(null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(Point.class.getName()) && !appUp.get()) {
                    throw new ClassNotFoundException(name + ": the app could not be reached");
                }
                return LOADER.loadClass(name);
            }
        };
        assertThatThrownBy(() -> JavaSerialization.deserialize(bytes, flaky))
                .isInstanceOf(ClassNotFoundException.class).hasMessageContaining("could not be reached");
        appUp.set(true);
        assertThat(JavaSerialization.deserialize(bytes, flaky)).isEqualTo(new Point(3, 4));
    }

    @Test
    void theFilterSeesEveryClassOfTheGraph() throws Exception {
        Object value = new ArrayList<>(List.of(new Point(1, 2), Colour.RED, new long[]{1}));
        byte[] bytes = JavaSerialization.serialize(value, 10_000);
        List<Class<?>> seen = new ArrayList<>();
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), LOADER)) {
            in.setObjectInputFilter(info -> {
                if (info.serialClass() != null) {
                    seen.add(info.serialClass());
                }
                return ObjectInputFilter.Status.UNDECIDED;
            });
            assertThat(in.readObject()).usingRecursiveComparison().isEqualTo(value);
        }
        assertThat(seen).contains(ArrayList.class, Point.class, Colour.class, Enum.class, long[].class);
    }

    @Test
    void aLargeValueIsKeptInPiecesBelowHalfAG1RegionAndASmallOneInOne() throws Exception {
        byte[] large = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        ByteString serialized = JavaSerialization.serializeToByteString(large, 4 * 1024 * 1024);

        List<ByteBuffer> pieces = serialized.asReadOnlyByteBufferList();
        assertThat(pieces).hasSizeGreaterThan(1)
                .allSatisfy(piece -> assertThat(piece.remaining()).isLessThanOrEqualTo(JavaSerialization.CHUNK_BYTES));
        assertThat(JavaSerialization.deserialize(serialized.newInput(), serialized.size(), LOADER)).isEqualTo(large);

        ByteString small = JavaSerialization.serializeToByteString(new Point(1, 2), 10_000);
        assertThat(small.asReadOnlyByteBufferList()).hasSize(1);
    }

    @Test
    void refusesToWritePastTheLimit() {
        assertThatThrownBy(() -> JavaSerialization.serialize(new byte[1000], 500))
                .isInstanceOf(JavaSerialization.TooLargeException.class)
                .hasMessageContaining("exceeds the limit of 500 bytes")
                .satisfies(e -> assertThat(((JavaSerialization.TooLargeException) e).limit()).isEqualTo(500));
    }

    @Test
    void namesWhatIsNotSerializable() {
        assertThatThrownBy(() -> JavaSerialization.serialize(List.of(new Object()), 100_000))
                .isInstanceOf(NotSerializableException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void rejectsGraphsDeeperThanTheLimit() throws Exception {
        Node head = new Node();
        Node n = head;
        for (int i = 0; i < JavaSerialization.MAX_DEPTH + 5; i++) {
            n.next = new Node();
            n = n.next;
        }
        // Writing takes more stack per level than reading: write on a thread with a big stack.
        byte[][] written = new byte[1][];
        Thread writer = new Thread(null, () -> {
            try {
                written[0] = JavaSerialization.serialize(head, 1 << 20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "deep-writer", 64L << 20);
        writer.start();
        writer.join(20_000);
        byte[] bytes = written[0];
        assertThat(bytes).as("written within 20 s").isNotNull();
        assertThatThrownBy(() -> JavaSerialization.deserialize(bytes, LOADER))
                .isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
    }

    @Test
    void reportsTheUnserializableObjectEvenWhenItsErrorWouldOverflowTheLimit() {
        // ObjectOutputStream writes the NotSerializableException into the stream; with a small limit that
        // overflows, and the overflow must not hide the real problem.
        assertThatThrownBy(() -> JavaSerialization.serialize(List.of(new Object()), 100))
                .isInstanceOf(NotSerializableException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void rejectsAnArrayLongerThanItsInput() throws Exception {
        byte[] bytes = JavaSerialization.serialize(new byte[1000], 10_000);
        // Patch the array's length (big-endian int before the 1000 zero bytes at the end) to 2^31-1.
        int at = bytes.length - 1000 - 4;
        assertThat(new byte[]{bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]}).containsExactly(0, 0, 3, (byte) 0xe8);
        bytes[at] = 0x7f;
        bytes[at + 1] = (byte) 0xff;
        bytes[at + 2] = (byte) 0xff;
        bytes[at + 3] = (byte) 0xff;
        assertThatThrownBy(() -> JavaSerialization.deserialize(bytes, LOADER))
                .isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
    }

    @Test
    void aMissingClassKeepsTheLoadersMessage() throws Exception {
        byte[] bytes = JavaSerialization.serialize(new Point(1, 2), 1000);
        ClassLoader refusing = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                throw new ClassNotFoundException(name + ": the loader's own words");
            }
        };
        assertThatThrownBy(() -> JavaSerialization.deserialize(bytes, refusing))
                .isInstanceOf(ClassNotFoundException.class).hasMessageContaining("the loader's own words");
    }

    @Test
    void arraysThatEndTheDataPassTheFilter() throws Exception {
        // The filter compares an array with the data left after it; arrays at the very end must still fit.
        for (Object value : new Object[]{new long[100_000], new double[3], new int[70_000], new char[5000],
                new byte[1 << 20], new Object[]{new long[1], new String[]{"a", null}}}) {
            byte[] bytes = JavaSerialization.serialize(value, Integer.MAX_VALUE);
            Object back = JavaSerialization.deserialize(bytes, getClass().getClassLoader());
            assertThat(back).isEqualTo(value);
        }
    }
}
