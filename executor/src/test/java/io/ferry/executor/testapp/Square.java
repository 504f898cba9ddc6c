package io.ferry.executor.testapp;

import io.ferry.task.Task;

import java.io.Serial;

/**
 * A task that exists only in the tests' class path. Tests hide this package from the executor's parent loader,
 * so the executor must fetch it (and {@link Arith}, which it uses) from a test "app" over HTTP.
 */
public final class Square implements Task<Integer> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int n;

    public Square(int n) {
        this.n = n;
    }

    @Override
    public Integer run() {
        return Arith.times(n, n);
    }
}
