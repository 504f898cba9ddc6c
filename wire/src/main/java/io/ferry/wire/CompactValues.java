package io.ferry.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.InputStream;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The serialized form of the values most results are: null, a boxed primitive or a string, as a tag byte and the
 * value's bytes instead of a JDK object stream. Writing and reading such a stream costs more than the task itself for
 * a small task: two object streams with their buffers (3 KiB each side), a class descriptor, at each end of every
 * result (measured at window 256: 9 % of the app's allocation, 2 % of its CPU).
 *
 * <p>A JDK stream begins with its magic number, whose first byte is {@code 0xAC}; no tag here is that byte, so a
 * reader tells the two apart by the first byte. Strings with unpaired surrogates are left to the JDK stream, which
 * keeps them (UTF-8 cannot), and so are long ones.
 */
final class CompactValues {

    /** The first byte of a JDK object stream ({@code ObjectStreamConstants.STREAM_MAGIC}). */
    static final int JDK_STREAM = 0xAC;

    private static final byte NULL = 1;
    private static final byte FALSE = 2;
    private static final byte TRUE = 3;
    private static final byte INTEGER = 4;
    private static final byte LONG = 5;
    private static final byte DOUBLE = 6;
    private static final byte FLOAT = 7;
    private static final byte SHORT = 8;
    private static final byte BYTE = 9;
    private static final byte CHARACTER = 10;
    private static final byte STRING = 11;

    /**
     * Longer strings take the JDK stream, which is written in pieces (JavaSerialization#CHUNK_BYTES) and stops at the
     * limit: one array of a long string's bytes could be humongous to G1.
     */
    static final int MAX_STRING_CHARS = 64 * 1024;

    private CompactValues() {
    }

    /** The compact form of {@code value}, or null if it has none (then it takes a JDK stream). */
    static ByteString encode(Object value) {
        if (value == null) {
            return ByteString.copyFrom(new byte[]{NULL});
        }
        // Exact classes: all of these are final.
        if (value instanceof Integer i) {
            return UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(5).put(INTEGER).putInt(i).array());
        }
        if (value instanceof Long l) {
            return UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(9).put(LONG).putLong(l).array());
        }
        if (value instanceof Double d) {
            return UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(9).put(DOUBLE)
                    .putLong(Double.doubleToRawLongBits(d)).array());
        }
        if (value instanceof String s) {
            return s.length() > MAX_STRING_CHARS || hasSurrogates(s) ? null : encodeString(s);
        }
        if (value instanceof Boolean b) {
            return ByteString.copyFrom(new byte[]{b ? TRUE : FALSE});
        }
        if (value instanceof Float f) {
            return UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(5).put(FLOAT)
                    .putInt(Float.floatToRawIntBits(f)).array());
        }
        if (value instanceof Short s) {
            return UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(3).put(SHORT).putShort(s).array());
        }
        if (value instanceof Byte b) {
            return ByteString.copyFrom(new byte[]{BYTE, b});
        }
        if (value instanceof Character c) {
            return UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(3).put(CHARACTER).putChar(c).array());
        }
        return null;
    }

    private static ByteString encodeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = STRING;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return UnsafeByteOperations.unsafeWrap(out);
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the value of a compact stream of {@code length} bytes whose first byte, {@code tag}, was already read
     * from {@code in}.
     */
    static Object decode(int tag, InputStream in, long length) throws IOException {
        byte[] rest = in.readNBytes((int) Math.min(Integer.MAX_VALUE, length - 1));
        ByteBuffer b = ByteBuffer.wrap(rest);
        Object value = switch (tag) {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case INTEGER -> fixed(b, 4).getInt();
            case LONG -> fixed(b, 8).getLong();
            case DOUBLE -> Double.longBitsToDouble(fixed(b, 8).getLong());
            case FLOAT -> Float.intBitsToFloat(fixed(b, 4).getInt());
            case SHORT -> fixed(b, 2).getShort();
            case BYTE -> fixed(b, 1).get();
            case CHARACTER -> fixed(b, 2).getChar();
            case STRING -> new String(rest, StandardCharsets.UTF_8);
            default -> throw new StreamCorruptedException("neither a Java object stream nor a compact value: first"
                    + " byte " + tag);
        };
        if (tag != STRING && b.hasRemaining()) {
            throw new StreamCorruptedException("compact value of tag " + tag + " has " + b.remaining()
                    + " bytes too many");
        }
        return value;
    }

    private static ByteBuffer fixed(ByteBuffer b, int bytes) throws StreamCorruptedException {
        if (b.remaining() < bytes) {
            throw new StreamCorruptedException("compact value cut short: " + b.remaining() + " of " + bytes + " bytes");
        }
        return b;
    }
}
