package io.ferry.executor.testapp;

import java.util.function.Supplier;

/** A plain class (no task API) for the class loader's own tests. */
public final class Greeting implements Supplier<String> {

    @Override
    public String get() {
        return "hello from " + getClass().getClassLoader().getName();
    }
}
