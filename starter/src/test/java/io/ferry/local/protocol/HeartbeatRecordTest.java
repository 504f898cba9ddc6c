package io.ferry.local.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.wire.RecordIoReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Padded heartbeat records decode, byte by byte, to the plain HEARTBEAT event (docs/mesos-notes.md §1.3). */
class HeartbeatRecordTest {

    private static final Event HEARTBEAT = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();

    @ParameterizedTest
    @CsvSource({"JSON, 1", "JSON, 61", "JSON, 4096", "PROTOBUF, 1", "PROTOBUF, 61", "PROTOBUF, 4096"})
    void aPaddedHeartbeatIsStillAHeartbeat(Encoding encoding, int minBytes) throws Exception {
        byte[] framed = HeartbeatRecord.padded(HEARTBEAT, encoding, minBytes);
        assertThat(framed.length).isGreaterThanOrEqualTo(minBytes);
        // One byte per read, as a trickled record arrives.
        InputStream trickle = new ByteArrayInputStream(framed) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        RecordIoReader reader = new RecordIoReader(trickle, 1 << 20);
        byte[] record = reader.read();
        assertThat(reader.read()).isNull();
        assertThat(encoding.parse(new java.nio.ByteBuffer[] {java.nio.ByteBuffer.wrap(record)},
                Event.getDefaultInstance())).isEqualTo(HEARTBEAT);
    }

    @ParameterizedTest
    @CsvSource({"100, 20", "1000, 100", "15000, 250", "3600000, 250", "50, 20"})
    void probesComeAtLeastTenTimesAHeartbeatWithinBounds(long intervalMillis, long probeMillis) {
        assertThat(EventStream.probePeriod(Duration.ofMillis(intervalMillis))).isEqualTo(
                Duration.ofMillis(probeMillis));
    }
}
