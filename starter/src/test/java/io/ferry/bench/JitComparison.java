package io.ferry.bench;

import io.ferry.api.TaskService;
import io.ferry.task.Task;
import io.ferry.task.TaskOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The pi kind's extra line: user code's speed on a warm executor beside the same code in the benchmark's own JVM
 * and in a plain {@code java} started with default flags ({@link PiMain}), so that "user code at full JIT speed" is
 * one line:
 *
 * <pre>ferry-bench-jit kind=pi points=P rounds=R executor_ms=E bench_jvm_ms=B speed_vs_bench_jvm=S1
 * plain_java_ms=J speed_vs_plain_java=S2</pre>
 *
 * (on one line). A round runs the task once on an executor (submitted, awaited), once here and once in the plain
 * java, one after the other: the machine's load changes by the second on shared cores, and interleaving makes the
 * three see the same. Times are medians per task, measured inside the task around the loop (no serialization, no
 * queueing); a speed is the median over rounds of the other JVM's time over the executor's, so 1.00 is "as fast"
 * and 0.50 "twice as slow". This JVM and the plain one are warmed with as many runs as each agent's executor got.
 */
final class JitComparison {

    static final String PREFIX = "ferry-bench-jit ";
    static final Pattern LINE = Pattern.compile("ferry-bench-jit kind=pi points=(\\d+) rounds=(\\d+)"
            + " executor_ms=(\\d+\\.\\d) bench_jvm_ms=(\\d+\\.\\d) speed_vs_bench_jvm=(\\d+\\.\\d\\d)"
            + " plain_java_ms=(\\d+\\.\\d) speed_vs_plain_java=(\\d+\\.\\d\\d)");

    private JitComparison() {
    }

    /** Runs {@code rounds} rounds after {@code warm} unmeasured runs in each local JVM; returns the line. */
    static String compare(TaskService tasks, TaskOptions options, BenchTasks.Kind kind, long points, int warm,
                          int rounds, Duration timeout) throws Exception {
        @SuppressWarnings("unchecked")
        Task<Object> remote = (Task<Object>) kind.task();
        Task<long[]> local = BenchTasks.pi(points);
        double[] executor = new double[rounds];
        double[] here = new double[rounds];
        double[] plain = new double[rounds];
        double[] speedHere = new double[rounds];
        double[] speedPlain = new double[rounds];
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PiMain.class.getName(), Long.toString(points))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(),
                     StandardCharsets.UTF_8))) {
            for (int i = 0; i < warm; i++) {
                local.run();
                plainRun(toChild, fromChild);
            }
            for (int r = 0; r < rounds; r++) {
                Object value = tasks.submit(remote, options).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!kind.check().test(value)) {
                    throw new IllegalStateException("a pi task returned a wrong value");
                }
                executor[r] = kind.innerNanos().applyAsLong(value) / 1e6;
                here[r] = local.run()[1] / 1e6;
                plain[r] = plainRun(toChild, fromChild);
                speedHere[r] = here[r] / executor[r];
                speedPlain[r] = plain[r] / executor[r];
            }
        } finally {
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
            }
        }
        return String.format(Locale.ROOT, "%skind=pi points=%d rounds=%d executor_ms=%.1f bench_jvm_ms=%.1f"
                        + " speed_vs_bench_jvm=%.2f plain_java_ms=%.1f speed_vs_plain_java=%.2f", PREFIX, points,
                rounds, PiMain.median(executor), PiMain.median(here), PiMain.median(speedHere),
                PiMain.median(plain), PiMain.median(speedPlain));
    }

    private static double plainRun(Writer toChild, BufferedReader fromChild) throws Exception {
        toChild.write("run\n");
        toChild.flush();
        String answer = fromChild.readLine();
        if (answer == null) {
            throw new IllegalStateException("the plain java running PiMain ended early (its stderr is above)");
        }
        return Double.parseDouble(answer);
    }
}
