package io.ferry.bench;

import io.ferry.task.Task;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pi kind's extra line: user code's speed on a warm executor beside the same code in the benchmark's own JVM
 * and in a plain {@code java} started with default flags, in one sitting, so that "user code at full JIT speed" is
 * one line:
 *
 * <pre>ferry-bench-jit kind=pi points=P tasks=N window=W executor_ms=E bench_jvm_ms=B speed_vs_bench_jvm=E/B
 * plain_java_ms=J speed_vs_plain_java=J/E</pre>
 *
 * (on one line). Every figure is a median time per task, measured inside the task around the loop (no
 * serialization, no queueing); a speed is the other JVM's time over the executor's, so 1.0 is "as fast" and 0.5
 * "twice as slow". The local runs happen after the executors' run, while the executors sit idle, and are warmed as
 * the executors were.
 */
final class JitComparison {

    static final String PREFIX = "ferry-bench-jit ";
    static final Pattern LINE = Pattern.compile("ferry-bench-jit kind=pi points=(\\d+) tasks=(\\d+) window=(\\d+)"
            + " executor_ms=(\\d+\\.\\d) bench_jvm_ms=(\\d+\\.\\d) speed_vs_bench_jvm=(\\d+\\.\\d\\d)"
            + " plain_java_ms=(\\d+\\.\\d) speed_vs_plain_java=(\\d+\\.\\d\\d)");
    private static final Pattern PLAIN = Pattern.compile("plain-java-pi ms_per_task=(\\d+\\.\\d)");

    private JitComparison() {
    }

    /** The median of {@code runs} pi tasks run here after {@code warm} unmeasured ones, ms per task. */
    static double medianMs(long points, int warm, int runs) throws Exception {
        Task<long[]> task = BenchTasks.pi(points);
        for (int i = 0; i < warm; i++) {
            task.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = task.run()[1] / 1e6;
        }
        return PiMain.median(ms);
    }

    /**
     * The same in a plain {@code java} (this JVM's, with no option but the class path): a child process running
     * {@link PiMain}.
     */
    static double plainJavaMs(long points, int warm, int runs, Duration timeout) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PiMain.class.getName(), Long.toString(points), Integer.toString(warm), Integer.toString(runs)))
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the plain java pi run did not finish within " + timeout);
        }
        Matcher m = PLAIN.matcher(out);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IllegalStateException("the plain java pi run failed (exit " + p.exitValue() + "): " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    static String line(long points, int tasks, int window, double executorMs, double benchJvmMs, double plainMs) {
        return String.format(Locale.ROOT, "%skind=pi points=%d tasks=%d window=%d executor_ms=%.1f bench_jvm_ms=%.1f"
                        + " speed_vs_bench_jvm=%.2f plain_java_ms=%.1f speed_vs_plain_java=%.2f", PREFIX, points,
                tasks, window, executorMs, benchJvmMs, benchJvmMs / executorMs, plainMs, plainMs / executorMs);
    }

}
