package io.ferry.wire;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaSerializationTest {

    private static final ClassLoader LOADER = JavaSerializationTest.class.getClassLoader();

    record Point(int x, int y) implements Serializable {
    }

    static final class Node implements Serializable {
        Node next;
    }

    @Test
    void roundTrips() throws Exception {
        Object value = new ArrayList<>(List.of(new Point(1, 2), Map.of("k", new int[]{3, 4}), int.class));
        Object back = JavaSerialization.deserialize(JavaSerialization.serialize(value, 10_000), LOADER);
        assertThat(back).usingRecursiveComparison().isEqualTo(value);
        assertThat(JavaSerialization.deserialize(JavaSerialization.serialize(null, 100), LOADER)).isNull();
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
