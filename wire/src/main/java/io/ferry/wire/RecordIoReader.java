package io.ferry.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Reads Mesos RecordIO records from a stream, for a reader that asks for them: a {@link RecordIoDecoder} (whose
 * rules these are) fed from the stream as records are asked for.
 *
 * <p>Works with any chunking of the underlying stream and with binary payloads that contain {@code \n}. A record
 * longer than the configured maximum is refused before anything is allocated for it, so a corrupt or hostile
 * length cannot exhaust the heap. Not thread-safe: one reader thread per stream.
 */
public final class RecordIoReader {

    private final InputStream in;
    private final RecordIoDecoder decoder;
    private final byte[] buffer = new byte[64 * 1024];
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();

    /**
     * @param in             the stream, read incrementally (never buffered whole)
     * @param maxRecordBytes the largest record accepted; larger ones fail with a {@link RecordIoException}
     */
    public RecordIoReader(InputStream in, int maxRecordBytes) {
        this.in = Objects.requireNonNull(in, "in");
        this.decoder = new RecordIoDecoder(maxRecordBytes);
    }

    /**
     * Reads the next record.
     *
     * @return the record's bytes, or {@code null} when the stream ended cleanly between two records
     * @throws RecordIoException if the framing is broken
     * @throws IOException       if the stream fails
     */
    public byte[] read() throws IOException {
        while (ready.isEmpty()) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                if (decoder.betweenRecords()) {
                    return null;
                }
                throw decoder.truncated();
            }
            decoder.feed(ByteBuffer.wrap(buffer, 0, n), ready::add);
        }
        return ready.poll();
    }
}
