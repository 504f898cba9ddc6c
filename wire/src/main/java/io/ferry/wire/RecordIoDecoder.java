package io.ferry.wire;

import java.nio.ByteBuffer;

/**
 * Mesos RecordIO records ({@code <decimal length>\n<bytes>}; the Mesos documentation's "RecordIO Data Format" page,
 * and {@code docs/mesos-notes.md} §1.3) decoded from pieces of a stream as they come, for a reader that is handed
 * bytes (an event loop) rather than one that asks for them ({@link RecordIoReader}, same rules).
 *
 * <p>Pieces may split a record anywhere. A record's bytes are copied once, from the pieces into the record's own
 * array; a length over the maximum is refused before anything is allocated for it. Not thread-safe: one decoder per
 * stream, fed by one thread at a time.
 */
public final class RecordIoDecoder {

    /** Receives each whole record; the array is the receiver's. */
    @FunctionalInterface
    public interface Records {
        void record(byte[] record);
    }

    /** A uint64 has at most 20 decimal digits; anything longer is not a length. */
    private static final int MAX_LENGTH_DIGITS = 20;

    private final int maxRecordBytes;
    private long length;
    private int digits;
    /** The record being filled, or null while a length is read. */
    private byte[] record;
    private int filled;

    /** @param maxRecordBytes the largest record accepted; larger ones fail with a {@link RecordIoException} */
    public RecordIoDecoder(int maxRecordBytes) {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Takes all of {@code piece}, handing every record it completes to {@code out}, in order. */
    public void feed(ByteBuffer piece, Records out) throws RecordIoException {
        while (piece.hasRemaining()) {
            if (record == null) {
                readLength(piece);
                continue;
            }
            int n = Math.min(piece.remaining(), record.length - filled);
            piece.get(record, filled, n);
            filled += n;
            if (filled == record.length) {
                byte[] done = record;
                record = null;
                out.record(done);
            }
        }
    }

    /** Whether the bytes fed so far end between two records: where a stream may end cleanly. */
    public boolean betweenRecords() {
        return record == null && digits == 0;
    }

    /** What the stream's end cut short, for the error that says so; call when {@link #betweenRecords()} is false. */
    public RecordIoException truncated() {
        return record == null
                ? new RecordIoException("stream ended inside a record length")
                : new RecordIoException("stream ended inside a record: got " + filled + " of " + record.length
                        + " bytes");
    }

    private void readLength(ByteBuffer piece) throws RecordIoException {
        while (piece.hasRemaining()) {
            byte b = piece.get();
            if (b == '\n') {
                if (digits == 0) {
                    throw new RecordIoException("bad record length: empty");
                }
                if (length == 0) {
                    throw new RecordIoException("bad record length: 0 (Mesos never sends empty records)");
                }
                record = new byte[(int) length];
                filled = 0;
                length = 0;
                digits = 0;
                return;
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
                throw new RecordIoException("record of at least " + length + " bytes exceeds the limit of "
                        + maxRecordBytes + " bytes");
            }
        }
    }
}
