package io.ferry.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push decoder on its own; {@link RecordIoReaderTest} runs the shared rules through the pull reader. */
class RecordIoDecoderTest {

    private static final List<byte[]> RECORDS = List.of(
            "{\"type\":\"SUBSCRIBED\"}".getBytes(StandardCharsets.UTF_8),
            new byte[]{'\n', '1', '2', '\n', 0, (byte) 0xff, '\n', '\n'},
            "x".repeat(300).getBytes(StandardCharsets.UTF_8));

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RECORDS.forEach(r -> out.writeBytes(RecordIo.frame(r)));
        return out.toByteArray();
    }

    @Test
    void everySplitIntoTwoPiecesGivesTheSameRecords() throws RecordIoException {
        byte[] bytes = stream();
        for (int cut = 0; cut <= bytes.length; cut++) {
            RecordIoDecoder decoder = new RecordIoDecoder(1024);
            List<byte[]> records = new ArrayList<>();
            decoder.feed(ByteBuffer.wrap(bytes, 0, cut), records::add);
            decoder.feed(ByteBuffer.wrap(bytes, cut, bytes.length - cut), records::add);
            assertThat(records).as("cut at %d", cut).containsExactlyElementsOf(RECORDS);
            assertThat(decoder.betweenRecords()).isTrue();
        }
    }

    @Test
    void saysWhereTheStreamWasCutShort() throws RecordIoException {
        RecordIoDecoder inRecord = new RecordIoDecoder(100);
        inRecord.feed(ByteBuffer.wrap("5\nabc".getBytes(StandardCharsets.US_ASCII)), r -> { });
        assertThat(inRecord.betweenRecords()).isFalse();
        assertThat(inRecord.truncated()).hasMessageContaining("got 3 of 5 bytes");

        RecordIoDecoder inLength = new RecordIoDecoder(100);
        inLength.feed(ByteBuffer.wrap("12".getBytes(StandardCharsets.US_ASCII)), r -> { });
        assertThat(inLength.betweenRecords()).isFalse();
        assertThat(inLength.truncated()).hasMessageContaining("inside a record length");
    }

    @Test
    void refusesAnOversizedLengthBeforeAllocating() {
        RecordIoDecoder decoder = new RecordIoDecoder(1000);
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap("1001".getBytes(StandardCharsets.US_ASCII)), r -> { }))
                .isInstanceOf(RecordIoException.class).hasMessageContaining("exceeds the limit of 1000 bytes");
    }
}
