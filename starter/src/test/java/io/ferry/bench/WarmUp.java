package io.ferry.bench;

import io.ferry.api.TaskService;
import io.ferry.task.TaskOptions;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * The benchmark's warm-up: no-op tasks in rounds at window 256 and at window 1 (the batched path and the
 * one-at-a-time path), first {@code tasks} of them, then more rounds while the JIT is still busy, up to
 * {@link #MAX_FACTOR} times as many in all.
 *
 * <p>Why rounds of both: a single block of each left the first measured runs JIT-cold (the 1,000-task runs came
 * out 30-50 % slower than the same runs repeated later). Why "while the JIT is busy": the app's JVM holds the
 * scheduler, the local master and the agents, and on a slower machine its C2 compilers were still at work for the
 * first 15 s of a run at window 1 after the fixed 40,000 tasks (half of the app's CPU samples; that run's median
 * 0.77 ms, the same run repeated right after 0.53 ms). A round is quiet when the app's JIT compiled for less than
 * {@link #QUIET_SHARE} of its wall time ({@link CompilationMXBean#getTotalCompilationTime()}, summed over the
 * compiler threads).
 *
 * <p>Then blocks of {@link #BLOCK} tasks at window 256 in one go, until one is quiet (at most {@link #MAX_BLOCKS}):
 * the rounds of 2,000 came out quiet, yet the first measured run of 30,000 at window 256 after them had the app's
 * JIT busy for as long as the run itself (2.0 s of compilation in a 2.0 s run, the second run 1.5 s, the sixth
 * 0.06 s, on a slower machine; p50 13.9 ms in the first against 11.1 ms in the fifth): a long run at full speed
 * takes paths (bigger reads, more calls per write) that short rounds rarely reach. And each block ends as a run
 * does ({@link BetweenRuns}): the check that the agents hold no task any more asks them over another HTTP client,
 * whose requests took the local cluster's compiled code off its guesses (class checks in Netty's pipeline and in
 * the request decoder, seen as deoptimizations in a JFR recording) right before the first measured run.
 */
final class WarmUp {

    /** Tasks at window 256 per round; a round then runs a quarter of that at window 1. */
    static final int ROUND = 2000;
    /** At most this many times {@code tasks} in all, quiet or not. */
    static final int MAX_FACTOR = 4;
    /** A round whose compilation time is under this share of its wall time is quiet. */
    static final double QUIET_SHARE = 0.05;
    /** Tasks in one block at window 256. */
    static final int BLOCK = 20_000;
    /** At most this many blocks, quiet or not. */
    static final int MAX_BLOCKS = 6;

    private WarmUp() {
    }

    /** What the benchmark does between two runs (checks, GC): the warm-up's blocks do it too. */
    interface BetweenRuns {
        void run() throws Exception;
    }

    /** Runs the warm-up; prints one {@code ferry-bench-info} line with what it took. */
    static void run(TaskService tasks, TaskOptions options, int tasksBeforeQuiet, Duration runTimeout,
            PrintStream info, BetweenRuns betweenRuns) throws Exception {
        BenchTasks.Kind noop = BenchTasks.kind("noop");
        boolean timed = jitTimed();
        int round = Math.min(ROUND, tasksBeforeQuiet);
        int perRound = round + Math.max(1, round / 4);
        long start = System.nanoTime();
        int done = 0;
        int rounds = 0;
        double lastShare = Double.NaN;
        while (done < MAX_FACTOR * tasksBeforeQuiet) {
            long wallBefore = System.nanoTime();
            long jitBefore = jitMillis();
            FerryBench.measure(tasks, options, noop, round, 256, runTimeout);
            FerryBench.measure(tasks, options, noop, Math.max(1, round / 4), 1, runTimeout);
            done += perRound;
            rounds++;
            double wallMs = (System.nanoTime() - wallBefore) / 1e6;
            lastShare = timed ? (jitMillis() - jitBefore) / wallMs : 0;
            if (done >= tasksBeforeQuiet && lastShare < QUIET_SHARE) {
                break;
            }
        }
        int blocks = 0;
        double blockShare = Double.NaN;
        if (tasksBeforeQuiet >= BLOCK) {
            do {
                long wallBefore = System.nanoTime();
                long jitBefore = jitMillis();
                FerryBench.measure(tasks, options, noop, BLOCK, 256, runTimeout);
                betweenRuns.run();
                blockShare = timed ? (jitMillis() - jitBefore) / ((System.nanoTime() - wallBefore) / 1e6) : 0;
                done += BLOCK;
                blocks++;
            } while (blockShare >= QUIET_SHARE && blocks < MAX_BLOCKS);
        }
        info.printf(Locale.ROOT, "ferry-bench-info warm_up tasks=%d rounds=%d ms=%.0f jit_share_last_round=%.3f"
                + " blocks=%d jit_share_last_block=%.3f%n", done, rounds, (System.nanoTime() - start) / 1e6, lastShare,
                blocks, blockShare);
    }

    private static boolean jitTimed() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported();
    }

    /** The app's JIT compilation time so far (all compiler threads), or 0 where the JVM does not tell. */
    static long jitMillis() {
        return jitTimed() ? ManagementFactory.getCompilationMXBean().getTotalCompilationTime() : 0;
    }
}
