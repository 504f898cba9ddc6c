package io.ferry.samples;

import io.ferry.task.Task;
import java.io.Serial;

/** Throws, with a cause: shows how a remote failure and its stack trace come back. */
record FailTask(String message) implements Task<Void> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Void run() {
        try {
            Integer.parseInt(message);
            throw new IllegalStateException("sample failure: " + message);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("sample failure: " + message, e);
        }
    }
}
