package io.ferry.executor;

import io.ferry.task.Task;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Tasks for in-process tests (their classes are visible to the executor's parent loader). */
final class TestTasks {

    /** Latches by name, shared by a test and the tasks it launched in the same JVM. */
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
    /** Barriers of two parties by name, for tasks that must take turns. */
    static final Map<String, CyclicBarrier> BARRIERS = new ConcurrentHashMap<>();

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

    /**
     * Ignores interrupts: counts down latch {@code name} when it starts, then runs until latch {@code name + "-go"}
     * is released (at most 60 s, so that a failed test leaks no thread for long).
     */
    record Stubborn(String name) implements Task<String> {
        @Override
        public String run() {
            LATCHES.computeIfAbsent(name, k -> new CountDownLatch(1)).countDown();
            CountDownLatch go = LATCHES.computeIfAbsent(name + "-go", k -> new CountDownLatch(1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (go.getCount() > 0 && System.nanoTime() < deadline) {
                try {
                    go.await(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // ignored on purpose: this task does not stop when killed
                }
            }
            return "stubborn";
        }
    }

    /** Prints {@code out} on System.out and {@code err} on System.err, as they are (no line ends added). */
    record Printing(String out, String err) implements Task<String> {
        @Override
        public String run() {
            System.out.print(out);
            System.err.print(err);
            return "printed";
        }
    }

    /** Prints {@code text} from a thread it starts, and waits (at most 20 s) for that thread. */
    record PrintingFromAThread(String text) implements Task<String> {
        @Override
        public String run() throws InterruptedException {
            Thread child = new Thread(() -> System.out.print(text), "child-of-a-task");
            child.start();
            child.join(20_000);
            return "printed";
        }
    }

    /**
     * Prints {@code before}, then starts a thread that outlives the task: once latch {@code name} is released it
     * prints {@code after} and counts down latch {@code name + "-done"}.
     */
    record LeavingAThreadBehind(String name, String before, String after) implements Task<String> {
        @Override
        public String run() {
            System.out.print(before);
            Thread left = new Thread(() -> {
                try {
                    if (LATCHES.computeIfAbsent(name, k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)) {
                        System.out.print(after);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    LATCHES.computeIfAbsent(name + "-done", k -> new CountDownLatch(1)).countDown();
                }
            }, "left-behind");
            left.setDaemon(true);
            left.start();
            return "left";
        }
    }

    /**
     * Prints "started", counts down latch {@code name} and sleeps until interrupted (at most 60 s); then prints
     * "interrupted", and once latch {@code name + "-go"} is released (at most 20 s), "late" and counts down latch
     * {@code name + "-done"}.
     */
    record PrintingUntilKilled(String name) implements Task<String> {
        @Override
        public String run() throws InterruptedException {
            System.out.println("started");
            LATCHES.computeIfAbsent(name, k -> new CountDownLatch(1)).countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                System.out.println("interrupted");
            }
            try {
                LATCHES.computeIfAbsent(name + "-go", k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS);
                System.out.println("late");
            } finally {
                LATCHES.computeIfAbsent(name + "-done", k -> new CountDownLatch(1)).countDown();
            }
            return "late";
        }
    }

    /**
     * Prints {@code lines} lines {@code "<who> <i>"}, taking turns with the other task of barrier {@code barrier}:
     * the two tasks' lines alternate in time.
     */
    record TakingTurns(String barrier, String who, int lines) implements Task<String> {
        @Override
        public String run() throws Exception {
            CyclicBarrier turns = BARRIERS.computeIfAbsent(barrier, k -> new CyclicBarrier(2));
            for (int i = 0; i < lines; i++) {
                turns.await(20, TimeUnit.SECONDS);
                System.out.println(who + " " + i);
            }
            return who;
        }
    }

    /** Throws an {@link OutOfMemoryError}, as a task that asked for too much would (without using up the heap). */
    record RunsOutOfMemory() implements Task<Object> {
        @Override
        public Object run() {
            throw new OutOfMemoryError("Java heap space (simulated)");
        }
    }

    /** Recurses until its stack overflows. */
    record Recursing() implements Task<Integer> {
        @Override
        public Integer run() {
            return depth(0);
        }

        private static int depth(int n) {
            return depth(n + 1) + 1;
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
