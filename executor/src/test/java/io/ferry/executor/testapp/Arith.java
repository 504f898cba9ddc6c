package io.ferry.executor.testapp;

/** Loaded on demand when {@link Square} first runs: a class reached only from another fetched class. */
final class Arith {

    private Arith() {
    }

    static int times(int a, int b) {
        return a * b;
    }
}
