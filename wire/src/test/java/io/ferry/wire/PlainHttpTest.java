package io.ferry.wire;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlainHttpTest {

    private static PlainHttp.ResponseReader answers(String bytes) {
        return new PlainHttp.ResponseReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)), () -> {
        });
    }

    @Test
    void theHeadEndsWithTheContentLengthHeaderName() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-protobuf");
        headers.put("Mesos-Stream-Id", "s1");

        byte[] head = PlainHttp.headUpToLength(URI.create("http://master:5050/api/v1/scheduler?x=1"), "master:5050",
                headers);

        assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("POST /api/v1/scheduler?x=1 HTTP/1.1\r\n"
                + "Host: master:5050\r\nContent-Type: application/x-protobuf\r\nMesos-Stream-Id: s1\r\n"
                + "Content-Length: ");
        assertThat(new String(PlainHttp.headUpToLength(URI.create("http://a:1"), "a:1", Map.of()),
                StandardCharsets.ISO_8859_1)).startsWith("POST / HTTP/1.1\r\n");
    }

    @Test
    void readsAnswersOneAfterAnotherWhateverDelimitsTheirBodies() throws IOException {
        PlainHttp.ResponseReader in = answers("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 400 Bad Request\r\ncontent-length:  8 \r\n\r\nbad call"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nbad \r\n4\r\ncall\r\n0\r\nX-Trailer: 1\r\n\r\n"
                + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\n\r\n"
                + "HTTP/1.1 503\r\nContent-Length: 4\r\n\r\ngone");

        assertThat(in.read()).isEqualTo(new PlainHttp.Response(202, ""));
        assertThat(in.read()).isEqualTo(new PlainHttp.Response(400, "bad call"));
        assertThat(in.read()).isEqualTo(new PlainHttp.Response(200, "bad call"));
        assertThat(in.read()).isEqualTo(new PlainHttp.Response(204, "")); // the 100 is interim; 204 has no body
        assertThat(in.read()).isEqualTo(new PlainHttp.Response(304, ""));
        assertThat(in.read()).isEqualTo(new PlainHttp.Response(503, "gone"));
        assertThat(in.keepAlive()).isTrue();
        assertThatThrownBy(in::read).isInstanceOf(EOFException.class).hasMessage("connection closed");
    }

    @Test
    void connectionCloseAndHttp10EndTheConnectionAfterTheAnswer() throws IOException {
        PlainHttp.ResponseReader close = answers("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx");
        assertThat(close.read()).isEqualTo(new PlainHttp.Response(200, "x"));
        assertThat(close.keepAlive()).isFalse();

        PlainHttp.ResponseReader old = answers("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx");
        old.read();
        assertThat(old.keepAlive()).isFalse();

        PlainHttp.ResponseReader oldKept = answers("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx");
        oldKept.read();
        assertThat(oldKept.keepAlive()).isTrue();

        PlainHttp.ResponseReader untilEnd = answers("HTTP/1.1 500 Oops\r\n\r\nuntil the end");
        assertThat(untilEnd.read()).isEqualTo(new PlainHttp.Response(500, "until the end"));
        assertThat(untilEnd.keepAlive()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage\r\n\r\n", "HTTP/1.1 2x2 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\n\r\n"})
    void malformedAnswersAreIoExceptions(String answer) {
        assertThatThrownBy(() -> answers(answer).read()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 OK\r\nContent-", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"})
    void aTruncatedAnswerIsAnEofException(String answer) {
        assertThatThrownBy(() -> answers(answer).read()).isInstanceOf(EOFException.class)
                .hasMessageContaining("before the response was complete");
    }
}
