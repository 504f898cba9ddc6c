package io.ferry.executor;

import io.ferry.task.Task;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tasks for in-process tests (their classes are visible to the executor's parent loader). */
final class TestTasks {

    /** Latches by name, shared by a test and the tasks it launched in the same JVM. */
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

    private TestTasks() {
    }

    record Returning(Serializable value) implements Task<Serializable> {
        @Override
        public Serializable run() {
            return value;
        }
    }

    record Throwing(String message) implements Task<Object> {
        @Override
        public Object run() throws Exception {
            throw new IllegalStateException(message, new IOException("disk on fire"));
        }
    }

    record Bytes(int size) implements Task<byte[]> {
        @Override
        public byte[] run() {
            return new byte[size];
        }
    }

    /** Waits (at most 30 s) for latch {@code name}, then returns "released". */
    record Waiting(String name) implements Task<String> {
        @Override
        public String run() throws InterruptedException {
            if (!LATCHES.computeIfAbsent(name, k -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS)) {
                return "timed out";
            }
            return "released";
        }
    }

    /** Sleeps until interrupted (at most 60 s); counts down latch {@code name} when it starts. */
    record Sleeping(String name) implements Task<String> {
        @Override
        public String run() throws InterruptedException {
            LATCHES.computeIfAbsent(name, k -> new CountDownLatch(1)).countDown();
            Thread.sleep(60_000);
            return "woke up";
        }
    }

    /** Returns something that cannot be serialized. */
    record Unserializable() implements Task<Object> {
        @Override
        public Object run() {
            return new Object();
        }
    }

    /** A serializable value that is not a task. */
    record NotATask(String s) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
