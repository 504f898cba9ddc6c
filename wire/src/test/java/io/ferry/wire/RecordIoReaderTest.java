package io.ferry.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordIoReaderTest {

    /** Three records, one of them binary with newlines and bytes that look like lengths. */
    private static final List<byte[]> RECORDS = List.of(
            "{\"type\":\"SUBSCRIBED\"}".getBytes(StandardCharsets.UTF_8),
            new byte[]{'\n', '1', '2', '\n', 0, (byte) 0xff, '\n', '\n'},
            "x".repeat(300).getBytes(StandardCharsets.UTF_8));

    private static byte[] stream(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(r -> out.writeBytes(RecordIo.frame(r)));
        return out.toByteArray();
    }

    private static List<byte[]> readAll(RecordIoReader reader) throws IOException {
        List<byte[]> records = new ArrayList<>();
        for (byte[] r; (r = reader.read()) != null; ) {
            records.add(r);
        }
        return records;
    }

    /** Hands out at most {@code chunk} bytes per read, as a chunked HTTP body may. */
    private static InputStream chunked(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void framesAsDecimalLengthNewlineBytes() {
        assertThat(new String(RecordIo.frame("hello".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
                .isEqualTo("5\nhello");
        assertThat(RecordIo.frame(new byte[]{'\n'})).containsExactly('1', '\n', '\n');
    }

    @Test
    void readsSeveralRecordsFromOneRead() throws IOException {
        assertThat(readAll(new RecordIoReader(new ByteArrayInputStream(stream(RECORDS)), 1024)))
                .containsExactlyElementsOf(RECORDS);
    }

    @Test
    void readsEveryChunkSizeFromOneTo60() throws IOException {
        byte[] bytes = stream(RECORDS);
        for (int chunk : IntStream.rangeClosed(1, 60).toArray()) {
            assertThat(readAll(new RecordIoReader(chunked(bytes, chunk), 1024))).as("chunk size %d", chunk)
                    .containsExactlyElementsOf(RECORDS);
        }
    }

    @Test
    void readsRecordsLargerThanItsBuffer() throws IOException {
        byte[] big = new byte[200_000];
        big[0] = '\n';
        big[big.length - 1] = 7;
        assertThat(readAll(new RecordIoReader(chunked(stream(List.of(big, big)), 10_000), 1 << 20)))
                .containsExactly(big, big);
    }

    @Test
    void readsTheFixtureStream() throws IOException {
        byte[] bytes = MesosFixtures.bytes("scheduler-event-stream.recordio");
        for (int chunk : new int[]{1, 7, bytes.length}) {
            List<byte[]> records = readAll(new RecordIoReader(chunked(bytes, chunk), 1024));
            assertThat(records).extracting(r -> r.length).containsExactly(119, 20);
            assertThat(new String(records.get(0), StandardCharsets.UTF_8)).contains("\"SUBSCRIBED\"");
            assertThat(new String(records.get(1), StandardCharsets.UTF_8)).contains("\"HEARTBEAT\"");
            assertThat(stream(records)).as("re-encoding reproduces the file").isEqualTo(bytes);
        }
    }

    @Test
    void anEmptyStreamHasNoRecords() throws IOException {
        assertThat(new RecordIoReader(new ByteArrayInputStream(new byte[0]), 10).read()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x\nabc", "1x\nabc", "-1\na", " 3\nabc", "\nabc"})
    void rejectsBadLengths(String input) {
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)), 100);
        assertThatThrownBy(reader::read).isInstanceOf(RecordIoException.class).hasMessageContaining("bad record length");
    }

    @Test
    void rejectsAZeroLength() {
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream("0\n".getBytes(StandardCharsets.US_ASCII)), 100);
        assertThatThrownBy(reader::read).isInstanceOf(RecordIoException.class).hasMessageContaining("0");
    }

    @Test
    void rejectsAnOversizedLengthBeforeReadingOrAllocatingTheRecord() {
        // 20 digits, no record behind them: the reader must refuse on the length alone.
        byte[] header = "99999999999999999999\n".getBytes(StandardCharsets.US_ASCII);
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(header), 1000);
        assertThatThrownBy(reader::read).isInstanceOf(RecordIoException.class)
                .hasMessageContaining("exceeds the limit of 1000 bytes");
        RecordIoReader tooManyDigits = new RecordIoReader(new ByteArrayInputStream("1".repeat(30).getBytes(StandardCharsets.US_ASCII)), Integer.MAX_VALUE);
        assertThatThrownBy(tooManyDigits::read).isInstanceOf(RecordIoException.class);
    }

    @Test
    void rejectsATruncatedRecordOrLength() throws IOException {
        RecordIoReader cutInRecord = new RecordIoReader(new ByteArrayInputStream("5\nabc".getBytes(StandardCharsets.US_ASCII)), 100);
        assertThatThrownBy(cutInRecord::read).isInstanceOf(RecordIoException.class).hasMessageContaining("got 3 of 5 bytes");

        RecordIoReader cutInLength = new RecordIoReader(new ByteArrayInputStream("2\nab12".getBytes(StandardCharsets.US_ASCII)), 100);
        assertThat(cutInLength.read()).containsExactly('a', 'b');
        assertThatThrownBy(cutInLength::read).isInstanceOf(RecordIoException.class).hasMessageContaining("inside a record length");
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new RecordIoReader(new ByteArrayInputStream(new byte[0]), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
