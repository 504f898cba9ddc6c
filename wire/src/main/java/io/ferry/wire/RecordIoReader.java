package io.ferry.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads Mesos RecordIO records ({@code <decimal length>\n<bytes>}; the Mesos documentation's "RecordIO Data Format"
 * page, and {@code docs/mesos-notes.md} §1.3) from a stream.
 *
 * <p>Works with any chunking of the underlying stream and with binary payloads that contain {@code \n}. A record
 * longer than the configured maximum is refused before anything is allocated for it, so a corrupt or hostile
 * length cannot exhaust the heap. Not thread-safe: one reader thread per stream.
 */
public final class RecordIoReader {

    /** A uint64 has at most 20 decimal digits; anything longer is not a length. */
    private static final int MAX_LENGTH_DIGITS = 20;

    private final InputStream in;
    private final int maxRecordBytes;
    private final byte[] buffer;
    private int position;
    private int limit;

    /**
     * @param in             the stream, read incrementally (never buffered whole)
     * @param maxRecordBytes the largest record accepted; larger ones fail with a {@link RecordIoException}
     */
    public RecordIoReader(InputStream in, int maxRecordBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.buffer = new byte[64 * 1024];
    }

    /**
     * Reads the next record.
     *
     * @return the record's bytes, or {@code null} when the stream ended cleanly between two records
     * @throws RecordIoException if the framing is broken
     * @throws IOException       if the stream fails
     */
    public byte[] read() throws IOException {
        long length = 0;
        int digits = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (digits == 0) {
                    return null;
                }
                throw new RecordIoException("stream ended inside a record length");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                break;
            }
            if (b < '0' || b > '9') {
                throw new RecordIoException("bad record length: byte 0x" + Integer.toHexString(b & 0xff)
                        + " after " + digits + " digit(s); expected a decimal length and a newline");
            }
            if (++digits > MAX_LENGTH_DIGITS) {
                throw new RecordIoException("bad record length: more than " + MAX_LENGTH_DIGITS + " digits");
            }
            length = length * 10 + (b - '0');
            if (length > maxRecordBytes) {
                // Keep reading no further: the number already passed the limit.
                throw new RecordIoException("record of at least " + length + " bytes exceeds the limit of "
                        + maxRecordBytes + " bytes");
            }
        }
        if (digits == 0) {
            throw new RecordIoException("bad record length: empty");
        }
        if (length == 0) {
            throw new RecordIoException("bad record length: 0 (Mesos never sends empty records)");
        }
        byte[] record = new byte[(int) length];
        int filled = 0;
        while (filled < record.length) {
            if (position == limit) {
                int direct = record.length - filled;
                if (direct >= buffer.length) {
                    // Large records bypass the buffer.
                    int n = in.read(record, filled, direct);
                    if (n < 0) {
                        throw truncated(filled, record.length);
                    }
                    filled += n;
                    continue;
                }
                if (!fill()) {
                    throw truncated(filled, record.length);
                }
            }
            int n = Math.min(limit - position, record.length - filled);
            System.arraycopy(buffer, position, record, filled, n);
            position += n;
            filled += n;
        }
        return record;
    }

    private static RecordIoException truncated(int got, int expected) {
        return new RecordIoException("stream ended inside a record: got " + got + " of " + expected + " bytes");
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
