package io.ferry.bench;

import io.ferry.task.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;

/**
 * The benchmark's task kinds. Each factory is static, so its lambda captures only what it is given (never a
 * harness object), and the executors load this class from the app like any user's lambda.
 */
final class BenchTasks {

    /** 1 MiB, the payload kind's input and output. */
    static final int PAYLOAD_BYTES = 1024 * 1024;
    /** CPU time the cpu kind burns, per task. */
    static final long CPU_NANOS = 10_000_000L;

    private BenchTasks() {
    }

    /** What one kind submits, and how its result is checked. */
    record Kind(String name, Task<?> task, Predicate<Object> check) {
    }

    static Kind kind(String name) {
        return switch (name) {
            case "noop" -> new Kind(name, noop(), v -> Integer.valueOf(1).equals(v));
            case "payload" -> {
                byte[] in = new byte[PAYLOAD_BYTES];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (byte) (i * 31);
                }
                yield new Kind(name, payload(in), v -> v instanceof byte[] b && b.length == PAYLOAD_BYTES
                        && b[0] == (byte) ~in[0] && b[PAYLOAD_BYTES - 1] == in[PAYLOAD_BYTES - 1]);
            }
            case "cpu" -> new Kind(name, cpu(CPU_NANOS), v -> v instanceof Long);
            default -> throw new IllegalArgumentException("bench.kind must be noop, payload or cpu (or pack for the"
                    + " JMH offer-packing benchmark), not '" + name + "'");
        };
    }

    /** Returns an int. */
    static Task<Integer> noop() {
        return () -> 1;
    }

    /** 1 MiB in (captured, so it travels in the TaskInfo), 1 MiB out (a copy, its first byte flipped). */
    static Task<byte[]> payload(byte[] in) {
        return () -> {
            byte[] out = in.clone();
            out[0] = (byte) ~out[0];
            return out;
        };
    }

    /**
     * Arithmetic until the thread has used {@code nanos} of CPU time: the same CPU demand on any JIT tier, and
     * no sleeping (a busy executor thread, as real work would be).
     */
    static Task<Long> cpu(long nanos) {
        return () -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long end = threads.getCurrentThreadCpuTime() + nanos;
            long x = 0x9E3779B97F4A7C15L;
            do {
                for (int i = 0; i < 20_000; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                }
            } while (threads.getCurrentThreadCpuTime() < end);
            return x;
        };
    }
}
