package io.ferry.executor;

public final class ExecutorMain {
    public static void main(String[] args) {
    }
}
