package io.ferry.local.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A connection's buffered input, read by its one thread only: unlike {@link java.io.BufferedInputStream} it takes
 * no lock per byte, and it finds a line's end in the buffer instead of reading byte by byte (request heads are
 * most of what a busy connection reads).
 */
final class ConnectionInput extends InputStream {

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;

    ConnectionInput(InputStream in, int size) {
        this.in = in;
        this.buffer = new byte[size];
    }

    /**
     * A line without its CRLF (a bare LF is accepted), as ISO-8859-1; null at a clean end of stream before
     * any byte of the line if {@code endOk}.
     *
     * @throws RequestHead.MalformedRequestException the line is longer than {@code max}
     */
    String readLine(int max, boolean endOk) throws IOException {
        StringBuilder spill = null; // only for a line that spans buffer refills
        while (true) {
            if (position == limit && !fill()) {
                if (endOk && spill == null) {
                    return null;
                }
                throw new EOFException("Connection closed within a request head");
            }
            int start = position;
            int newline = -1;
            for (int i = start; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            int length = end - start + (spill == null ? 0 : spill.length());
            if (length > max) {
                throw new RequestHead.MalformedRequestException("Request head line longer than " + max + " bytes");
            }
            if (newline < 0) {
                if (spill == null) {
                    spill = new StringBuilder(128);
                }
                spill.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
                position = limit;
                continue;
            }
            position = newline + 1;
            int stop = end;
            String line;
            if (spill == null) {
                if (stop > start && buffer[stop - 1] == '\r') {
                    stop--;
                }
                line = new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
            } else {
                spill.append(new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1));
                int n = spill.length();
                if (n > 0 && spill.charAt(n - 1) == '\r') {
                    spill.setLength(n - 1);
                }
                line = spill.toString();
            }
            return line;
        }
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            if (len >= buffer.length) {
                return in.read(b, off, len); // large reads skip the buffer
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    /** What is buffered plus what the socket has ready: 0 means no pipelined request is waiting. */
    @Override
    public int available() throws IOException {
        int buffered = limit - position;
        return buffered > 0 ? buffered : in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
