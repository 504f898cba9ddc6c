package io.ferry.bench;

import io.ferry.scheduler.OfferPackerBenchmark;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of {@code -Pbench}: {@code bench.kind=pack} runs the JMH benchmark of offer packing and prints
 * {@code ferry-bench kind=pack benchmark=B offers=100 pending=10000 ms_per_op=X error_ms=E} per JMH benchmark
 * ({@code pack}: the packer alone; {@code packingRound}: with the scheduler's preparation of its input); any other kind runs
 * {@link FerryBench}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean pack = Arrays.asList(args).contains("bench.kind=pack")
                || "pack".equals(System.getProperty("bench.kind"));
        if (!pack) {
            FerryBench.main(args);
            return;
        }
        Options options = new OptionsBuilder().include(OfferPackerBenchmark.class.getName()).build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult r : results) {
            System.out.printf(Locale.ROOT, "ferry-bench kind=pack benchmark=%s offers=%s pending=%s ms_per_op=%.3f error_ms=%.3f%n",
                    r.getParams().getBenchmark().replaceAll(".*\\.", ""), r.getParams().getParam("offers"), r.getParams().getParam("pending"),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError());
        }
    }
}
