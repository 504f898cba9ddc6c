package io.ferry.local.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** How a response's body goes onto the connection: not at all, exactly Content-Length bytes, or in chunks. */
abstract class ResponseBody {

    /** A response without a body (-1, HEAD, 204...): what a handler writes is dropped. */
    static ResponseBody none() {
        return new ResponseBody() {
            @Override
            void write(byte[] b, int off, int len) {
                // nothing goes on the wire
            }

            @Override
            boolean finish() {
                return true;
            }
        };
    }

    static ResponseBody fixed(OutputStream connection, long length) {
        return new ResponseBody() {
            private long written;

            @Override
            void write(byte[] b, int off, int len) throws IOException {
                if (written + len > length) {
                    throw new IOException("Response body longer than its Content-Length of " + length);
                }
                connection.write(b, off, len);
                written += len;
            }

            @Override
            void flush() throws IOException {
                connection.flush();
            }

            @Override
            boolean finish() {
                return written == length;
            }
        };
    }

    /** Each write is a chunk; flush sends them (a stream's records reach the client as they are written). */
    static ResponseBody chunked(OutputStream connection) {
        return new ResponseBody() {
            @Override
            void write(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return; // an empty chunk would end the body
                }
                connection.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                connection.write(b, off, len);
                connection.write(CRLF);
            }

            @Override
            void flush() throws IOException {
                connection.flush();
            }

            @Override
            boolean finish() throws IOException {
                connection.write(LAST_CHUNK);
                connection.flush();
                return true;
            }
        };
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    abstract void write(byte[] b, int off, int len) throws IOException;

    void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    void flush() throws IOException {
    }

    /** Ends the body; returns whether it is complete, i.e. the connection can carry another response. */
    abstract boolean finish() throws IOException;
}
