package io.ferry.local.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body, read off the connection: exactly Content-Length bytes, or a chunked body. It never reads past
 * its end, so the next pipelined request stays in the connection's buffer.
 */
abstract class RequestBody extends InputStream {

    static RequestBody of(ConnectionInput connection, long length) {
        return length < 0 ? new Chunked(connection) : new Fixed(connection, length);
    }

    /** Reads and drops what is left; returns false if that is more than {@code limit} bytes (close instead). */
    boolean skipRest(long limit) throws IOException {
        byte[] sink = new byte[8192];
        long skipped = 0;
        int n;
        while ((n = read(sink, 0, sink.length)) >= 0) {
            skipped += n;
            if (skipped > limit) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
        // the connection stays open; the server skips what was not read
    }

    private static final class Fixed extends RequestBody {
        private final InputStream in;
        private long left;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("Connection closed within a request body (" + left + " bytes missing)");
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, in.available());
        }
    }

    private static final class Chunked extends RequestBody {
        private final ConnectionInput in;
        private long chunkLeft;
        private boolean done;

        Chunked(ConnectionInput in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = in.readLine(RequestHead.MAX_LINE, false);
                int semicolon = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new RequestHead.MalformedRequestException("Malformed chunk size");
                }
                if (chunkLeft < 0) {
                    throw new RequestHead.MalformedRequestException("Malformed chunk size");
                }
                if (chunkLeft == 0) {
                    while (!in.readLine(RequestHead.MAX_LINE, false).isEmpty()) {
                        // trailers are not used by any endpoint
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("Connection closed within a chunked request body");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !in.readLine(RequestHead.MAX_LINE, false).isEmpty()) {
                throw new RequestHead.MalformedRequestException("Chunk not followed by CRLF");
            }
            return n;
        }
    }
}
