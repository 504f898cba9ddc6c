package io.ferry.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The pi kind's task in a plain {@code java}, for {@link JitComparison}: started with the JVM's default flags as
 * {@code java -cp <classpath> io.ferry.bench.PiMain <points>}, it runs the task once per line read from stdin and
 * answers each with its time in ms, measured inside the task as on an executor; it ends at end of input.
 */
public final class PiMain {

    private PiMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: PiMain <points>, then one line on stdin per run");
            System.exit(2);
        }
        var task = BenchTasks.pi(Long.parseLong(args[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            System.out.printf(Locale.ROOT, "%.3f%n", task.run()[1] / 1e6);
            System.out.flush();
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
