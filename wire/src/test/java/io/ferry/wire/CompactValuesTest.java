package io.ferry.wire;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.StreamCorruptedException;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results that are null, boxed primitives or strings travel without an object stream, and come back equal. */
class CompactValuesTest {

    private static final ClassLoader LOADER = CompactValuesTest.class.getClassLoader();

    static Stream<Object> values() {
        return Stream.of(Boolean.TRUE, Boolean.FALSE, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42L, Long.MIN_VALUE,
                3.14, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 2.5f, Float.MIN_VALUE, (short) -7, (byte) 0x7f,
                'x', '\u00e9', "", "plain", "Grüße, 世界", "a".repeat(CompactValues.MAX_STRING_CHARS));
    }

    @ParameterizedTest
    @MethodSource("values")
    void aValueComesBackEqualAndOfItsClass(Object value) throws Exception {
        ByteString bytes = JavaSerialization.serializeToByteString(value, 1 << 20);

        assertThat(bytes.byteAt(0) & 0xff).as("not an object stream").isNotEqualTo(CompactValues.JDK_STREAM);
        Object back = JavaSerialization.deserialize(bytes.newInput(), bytes.size(), LOADER);
        assertThat(back).isEqualTo(value).hasSameClassAs(value);
        assertThat(JavaSerialization.deserialize(bytes.toByteArray(), LOADER)).isEqualTo(value);
    }

    @Test
    void nullIsOneByte() throws Exception {
        ByteString bytes = JavaSerialization.serializeToByteString(null, 16);

        assertThat(bytes.size()).isEqualTo(1);
        assertThat(JavaSerialization.deserialize(bytes.toByteArray(), LOADER)).isNull();
    }

    @Test
    void anIntegerTakesFiveBytesInsteadOfAnObjectStream() throws Exception {
        assertThat(JavaSerialization.serializeToByteString(1, 1 << 20).size()).isEqualTo(5);
        assertThat(jdkStream(1)).hasSizeGreaterThan(70);
    }

    @Test
    void stringsUtf8CannotKeepAndLongStringsTakeTheObjectStream() throws Exception {
        String unpaired = "half a pair: \ud800 here";
        String longer = "b".repeat(CompactValues.MAX_STRING_CHARS + 1);
        for (String s : new String[]{unpaired, longer}) {
            ByteString bytes = JavaSerialization.serializeToByteString(s, 1 << 20);
            assertThat(bytes.byteAt(0) & 0xff).isEqualTo(CompactValues.JDK_STREAM);
            assertThat(JavaSerialization.deserialize(bytes.toByteArray(), LOADER)).isEqualTo(s);
        }
    }

    @Test
    void theLimitHoldsForCompactValues() {
        assertThatThrownBy(() -> JavaSerialization.serializeToByteString("x".repeat(100), 50))
                .isInstanceOf(JavaSerialization.TooLargeException.class);
        assertThatThrownBy(() -> JavaSerialization.serializeToByteString(7L, 8))
                .isInstanceOf(JavaSerialization.TooLargeException.class);
    }

    @Test
    void aPlainObjectStreamOfABoxedValueIsStillRead() throws Exception {
        assertThat(JavaSerialization.deserialize(jdkStream(12345L), LOADER)).isEqualTo(12345L);
    }

    @Test
    void brokenInputIsRefusedWithTheReason() {
        byte[] unknownTag = {99, 1, 2};
        byte[] cutShort = Arrays.copyOf(serialized(123456789L), 5);
        byte[] tooLong = Arrays.copyOf(serialized(1), 7);

        assertThatThrownBy(() -> JavaSerialization.deserialize(unknownTag, LOADER))
                .isInstanceOf(StreamCorruptedException.class).hasMessageContaining("first byte 99");
        assertThatThrownBy(() -> JavaSerialization.deserialize(cutShort, LOADER))
                .isInstanceOf(StreamCorruptedException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> JavaSerialization.deserialize(tooLong, LOADER))
                .isInstanceOf(StreamCorruptedException.class).hasMessageContaining("2 bytes too many");
    }

    private static byte[] serialized(Object value) {
        try {
            return JavaSerialization.serialize(value, 1 << 20);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] jdkStream(Object value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(value);
        }
        return out.toByteArray();
    }
}
