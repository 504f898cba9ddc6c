package io.ferry.wire;

import java.io.IOException;
import java.io.Serial;

/** A RecordIO stream that breaks the framing rules: a bad or oversized length, or a stream cut inside a record. */
public final class RecordIoException extends IOException {

    @Serial
    private static final long serialVersionUID = 1L;

    public RecordIoException(String message) {
        super(message);
    }
}
