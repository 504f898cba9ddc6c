package io.ferry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps the benchmark working: a few hundred no-op tasks through the real harness (its own app in local mode, cold
 * start, warm-up, two windows). Only that it completes and prints well-formed lines; timings are never asserted.
 */
class FerryBenchSmokeTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSmallRunPrintsOneWellFormedLinePerRun() throws Exception {
        FerryBench.Config config = FerryBench.Config.from(new Properties(), "bench.kind=noop", "bench.tasks=200",
                "bench.window=1,32", "bench.warmup=50", "bench.repeat=2", "bench.timeout=60", "bench.idle=0",
                "bench.phases=true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream info = new ByteArrayOutputStream();

        List<FerryBench.Result> results = FerryBench.run(config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(info, true, StandardCharsets.UTF_8));

        System.err.print(info.toString(StandardCharsets.UTF_8));
        System.err.print(out.toString(StandardCharsets.UTF_8));
        assertThat(results).hasSize(4);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 4)).allSatisfy(line -> assertThat(line).matches(FerryBench.LINE));
        assertThat(lines.get(0)).startsWith("ferry-bench kind=noop tasks=200 window=1 agents=2 tasks_per_s=");
        assertThat(lines.get(1)).startsWith("ferry-bench kind=noop tasks=200 window=32 agents=2 tasks_per_s=");
        assertThat(lines.get(4)).startsWith("ferry-bench-median kind=noop tasks=200 window=1 agents=2 runs=2 tasks_per_s=");
        assertThat(lines.get(5)).startsWith("ferry-bench-median kind=noop tasks=200 window=32 agents=2 runs=2 tasks_per_s=");
        assertThat(info.toString(StandardCharsets.UTF_8)).contains("failed=0 unacked=0");
        // Every task of each run is found in the scheduler's history (raised to the run's size) with its phases.
        assertThat(info.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("ferry-bench-phases")))
                .hasSize(4).allSatisfy(line -> assertThat(line).matches("ferry-bench-phases kind=noop tasks=200"
                        + " window=(1|32) found=200 queued_ms=[\\d.]+/[\\d.]+/[\\d.]+ away_ms=[\\d.]+/[\\d.]+/[\\d.]+"
                        + " handed_ms=[\\d.]+/[\\d.]+/[\\d.]+ \\(p50/p90/p99\\)"));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void thePiKindPrintsTheExecutorsTimeBesideThisJvmsAndAPlainJavas() throws Exception {
        FerryBench.Config config = FerryBench.Config.from(new Properties(), "bench.kind=pi", "bench.points=2_000_000",
                "bench.tasks=3", "bench.window=1", "bench.warmup=20", "bench.timeout=60", "bench.idle=0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream info = new ByteArrayOutputStream();

        FerryBench.run(config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(info, true, StandardCharsets.UTF_8));

        System.err.print(info.toString(StandardCharsets.UTF_8));
        System.err.print(out.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(FerryBench.LINE).startsWith("ferry-bench kind=pi tasks=3 window=1 ");
        assertThat(lines.get(1)).matches(JitComparison.LINE)
                .startsWith("ferry-bench-jit kind=pi points=2000000 rounds=3 executor_ms=");
        assertThat(info.toString(StandardCharsets.UTF_8)).contains("failed=0 unacked=0");
    }

    @Test
    void aPiKindWithoutPointsIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> BenchTasks.kind("pi", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bench.points");
    }
}
