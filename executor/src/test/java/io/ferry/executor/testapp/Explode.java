package io.ferry.executor.testapp;

import io.ferry.task.Task;

import java.io.IOException;
import java.io.Serial;

/** A fetched task that throws, with a cause, so that the remote stack names fetched classes. */
public final class Explode implements Task<String> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String run() throws Exception {
        throw new IllegalStateException("exploded on purpose", new IOException("the root cause"));
    }
}
