package io.ferry.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes of a sandbox file as {@code /files/read} gave them: the file's bytes as they are, not text (a read may end
 * inside a UTF-8 sequence, and a log may hold anything).
 *
 * @param offset where in the file {@code data} begins
 * @param data   the bytes; not copied, so not to be changed by anyone
 */
public record FileChunk(long offset, byte[] data) {

    /** Where the next read of the file begins. */
    public long end() {
        return offset + data.length;
    }

    /** The bytes as UTF-8, a malformed sequence as U+FFFD. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    // A record compares arrays by identity; two chunks with the same bytes at the same offset are the same chunk.
    @Override
    public boolean equals(Object o) {
        return o instanceof FileChunk c && c.offset == offset && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FileChunk[offset=" + offset + ", " + data.length + " bytes]";
    }
}
