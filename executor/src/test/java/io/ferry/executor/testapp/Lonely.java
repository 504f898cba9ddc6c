package io.ferry.executor.testapp;

import io.ferry.task.Task;

import java.io.Serial;

/** A task the test app refuses to serve (404), to see how a missing class is reported. */
public final class Lonely implements Task<String> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String run() {
        return "never";
    }
}
