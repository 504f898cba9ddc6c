package io.ferry.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectionInputTest {

    /** A stream that hands out at most {@code step} bytes per read, like a socket under a trickle of segments. */
    private static InputStream trickle(String text, int step) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
        return new InputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void readsLinesWhateverTheBufferAndSegmentSizes() throws IOException {
        String text = "POST /api/v1/scheduler HTTP/1.1\r\nHost: a\r\nbare: lf\n\r\nbody";
        for (int buffer = 1; buffer <= 64; buffer++) {
            for (int step = 1; step <= 7; step++) {
                ConnectionInput in = new ConnectionInput(trickle(text, step), buffer);
                assertThat(in.readLine(100, true)).isEqualTo("POST /api/v1/scheduler HTTP/1.1");
                assertThat(in.readLine(100, false)).isEqualTo("Host: a");
                assertThat(in.readLine(100, false)).isEqualTo("bare: lf");
                assertThat(in.readLine(100, false)).isEmpty();
                assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
                assertThat(in.readLine(100, true)).isNull();
            }
        }
    }

    @Test
    void refusesLongLinesAndTruncatedOnes() {
        assertThatThrownBy(() -> new ConnectionInput(trickle("x".repeat(200) + "\r\n", 3), 16).readLine(100, true))
                .isInstanceOf(RequestHead.MalformedRequestException.class);
        assertThatThrownBy(() -> new ConnectionInput(trickle("GET / HT", 3), 16).readLine(100, true))
                .isInstanceOf(EOFException.class);
    }
}
