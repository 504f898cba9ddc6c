package io.ferry.wire.bench;

import io.ferry.task.Task;

/**
 * The task of {@link SerializationBenchmark}: a serializable lambda like a user's, capturing an int and a String.
 * The reading side defines its own copy of this class in a child loader, as an executor defines the app's classes.
 */
public final class BenchLambdas {

    private BenchLambdas() {
    }

    public static Task<Integer> task(int n, String label) {
        return () -> n + label.length();
    }
}
