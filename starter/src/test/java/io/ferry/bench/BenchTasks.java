package io.ferry.bench;

import io.ferry.task.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The benchmark's task kinds. Each factory is static, so its lambda captures only what it is given (never a
 * harness object), and the executors load this class from the app like any user's lambda.
 */
final class BenchTasks {

    /** 1 MiB, the payload kind's input and output. */
    static final int PAYLOAD_BYTES = 1024 * 1024;
    /** CPU time the cpu kind burns, per task. */
    static final long CPU_NANOS = 10_000_000L;
    /** Points the pi kind draws per task (bench.points): about 0.6 s on a warm C2 JIT here. */
    static final long PI_POINTS = 200_000_000L;

    private BenchTasks() {
    }

    /**
     * What one kind submits, and how its result is checked; {@code innerNanos}, for a kind that times its own work
     * inside the task, reads that time from a result (null for the others).
     */
    record Kind(String name, Task<?> task, Predicate<Object> check, ToLongFunction<Object> innerNanos) {
        Kind(String name, Task<?> task, Predicate<Object> check) {
            this(name, task, check, null);
        }
    }

    static Kind kind(String name) {
        return kind(name, PI_POINTS);
    }

    /** @param piPoints points per task of the pi kind */
    static Kind kind(String name, long piPoints) {
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
            case "pi" -> {
                if (piPoints < 1) {
                    throw new IllegalArgumentException("bench.points must be at least 1, not " + piPoints);
                }
                yield new Kind(name, pi(piPoints), v -> v instanceof long[] r && r.length == 2
                        && Math.abs(4.0 * r[0] / piPoints - Math.PI) < 0.05 + 4.0 / Math.sqrt(piPoints),
                        v -> ((long[]) v)[1]);
            }
            default -> throw new IllegalArgumentException("bench.kind must be noop, payload, cpu or pi (or pack for the"
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

    /**
     * A fixed amount of work, unlike {@link #cpu}: a Monte Carlo estimate of pi over {@code points} points, so a
     * slower compiler shows as a longer time. Returns {@code {hits, nanos}}: the points inside the quarter circle,
     * and the time the loop took, measured inside the task (no serialization, no queueing).
     */
    static Task<long[]> pi(long points) {
        return () -> {
            long start = System.nanoTime();
            long hits = piHits(points);
            return new long[] {hits, System.nanoTime() - start};
        };
    }

    /**
     * The loop of {@link #pi}: xorshift64* from a fixed seed (the same work every time, and no shared
     * {@code java.util.Random} whose atomic seed would make concurrent tasks contend).
     */
    static long piHits(long points) {
        long s = 0x9E3779B97F4A7C15L;
        long hits = 0;
        for (long i = 0; i < points; i++) {
            s ^= s >>> 12;
            s ^= s << 25;
            s ^= s >>> 27;
            double x = ((s * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
            s ^= s >>> 12;
            s ^= s << 25;
            s ^= s >>> 27;
            double y = ((s * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
            if (x * x + y * y <= 1.0) {
                hits++;
            }
        }
        return hits;
    }
}
