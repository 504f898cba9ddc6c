package io.ferry.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads its input a block at a time, and serves ObjectInputStream's many small reads (it reads a class descriptor
 * a byte or a few bytes at a time) without a lock: ByteArrayInputStream, what a ByteString's input is, locks on
 * every read, and those reads were a sixth of the cost of reading a small task. Never reads past the length given.
 */
final class ReadAheadInput extends InputStream {

    private static final int BLOCK = 8192;

    private final InputStream in;
    private final byte[] buf;
    private long left;
    private int pos;
    private int end;

    /** @param length how many bytes {@code in} holds: no more are read from it */
    ReadAheadInput(InputStream in, long length) {
        this.in = in;
        this.left = Math.max(0, length);
        this.buf = new byte[(int) Math.max(1, Math.min(BLOCK, left))];
    }

    @Override
    public int read() throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos == end) {
            if (len >= buf.length && left > 0) {
                // A large read (a big array's contents) goes straight through, without a copy into buf.
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean fill() throws IOException {
        if (left <= 0) {
            return false;
        }
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n <= 0) {
            return false;
        }
        left -= n;
        pos = 0;
        end = n;
        return true;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, (end - pos) + Math.min(left, in.available()));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
