package io.ferry.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The pi kind's task in a plain {@code java}, for the comparison in {@link JitComparison}: run with the JVM's default
 * flags, {@code java -cp <classpath> io.ferry.bench.PiMain <points> <warm-up runs> <measured runs>}; prints
 * {@code plain-java-pi ms_per_task=X} (the median of the measured runs, each timed inside the task as on an
 * executor).
 */
public final class PiMain {

    private PiMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PiMain <points> <warm-up runs> <measured runs>");
            System.exit(2);
        }
        double ms = JitComparison.medianMs(Long.parseLong(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        System.out.printf(Locale.ROOT, "plain-java-pi ms_per_task=%.1f%n", ms);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
