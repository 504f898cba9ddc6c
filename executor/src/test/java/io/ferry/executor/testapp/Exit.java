package io.ferry.executor.testapp;

import io.ferry.task.Task;

import java.io.Serial;

/** A fetched task that ends its JVM with {@code System.exit(code)}. */
public final class Exit implements Task<String> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int code;

    public Exit(int code) {
        this.code = code;
    }

    @Override
    public String run() {
        System.exit(code);
        return "unreachable";
    }
}
