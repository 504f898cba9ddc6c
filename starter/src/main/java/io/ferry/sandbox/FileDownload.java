package io.ferry.sandbox;

import java.io.IOException;
import java.io.InputStream;

/**
 * A sandbox file on its way from the agent's {@code /files/download}: read {@code body} to the end (or close it),
 * a piece at a time; nothing holds the whole file.
 *
 * @param body   the file's bytes as they arrive
 * @param length the file's length as the agent announced it, or -1
 */
public record FileDownload(InputStream body, long length) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        body.close();
    }
}
