package io.ferry.bench;

import io.ferry.StarterTestApplication;
import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.task.Task;
import io.ferry.task.TaskOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The performance benchmark: boots Ferry in local mode (embedded master and agents, real executor JVMs), measures
 * the cold start, warms the executors, then runs N tasks of one kind with at most W in flight and prints one line
 * per run, for scripts:
 *
 * <pre>ferry-bench kind=noop tasks=N window=W agents=A tasks_per_s=X p50_ms=Y p99_ms=Z cold_start_ms=C heap_mb=H</pre>
 *
 * <p>Round trip = from just before {@code TaskService.submit} (serialization included) to the future's completion.
 * {@code tasks_per_s} = N over the time from the first submit to the last completion. {@code cold_start_ms} = from
 * the first submit on the fresh cluster (scheduler subscribed, no executor yet) to the first result: executor jar
 * fetch, JVM start, subscribe and class loading included; it is measured once per boot, with a no-op task, and
 * repeated on every line. {@code heap_mb} = the app's used heap after full GCs at the end of the run.
 *
 * <p>Extra facts go to stderr as {@code ferry-bench-info} lines: more percentiles, GC, CPU time of the app and of
 * the executors, executor RSS, and correctness (every future completed once with the right value; every update
 * acknowledged, i.e. no task left in the agents' {@code /state} after the run).
 *
 * <p>The pi kind (a fixed amount of work per task) also prints a {@link JitComparison} line after each run: the
 * executor's time per task beside the same code's in this JVM and in a plain {@code java}, in up to 10 interleaved
 * rounds.
 *
 * <p>Settings (system properties, or {@code key=value} arguments): {@code bench.kind} (noop, payload, cpu, pi),
 * {@code bench.points} (points per pi task, 2 x 10^8), {@code bench.tasks} and {@code bench.window} (comma lists:
 * every pair runs), {@code bench.agents} (2), {@code bench.warmup} (no-op tasks before the runs, 40000, and more
 * while the app's JIT is busy: {@link WarmUp}), {@code bench.repeat} (1), {@code bench.cpus} (task cpus; default:
 * the app's default), {@code bench.timeout} (seconds per run, 600), {@code bench.idle} (milliseconds idle before the
 * executors' idle RSS is read, 3000), {@code bench.phases} (false; true prints where each run's round trips went:
 * {@link RunPhases}). Any {@code ferry.*}, {@code server.*}, {@code logging.*} or {@code spring.*}
 * property is passed to the app.
 */
public final class FerryBench {

    /** The line's fixed beginning. */
    public static final String PREFIX = "ferry-bench ";
    /** The form of the line, for tests and scripts. */
    public static final Pattern LINE = Pattern.compile("ferry-bench kind=(noop|payload|cpu|pi) tasks=(\\d+) window=(\\d+)"
            + " agents=(\\d+) tasks_per_s=(\\d+(?:\\.\\d+)?) p50_ms=(\\d+(?:\\.\\d+)?) p99_ms=(\\d+(?:\\.\\d+)?)"
            + " cold_start_ms=(\\d+) heap_mb=(\\d+(?:\\.\\d+)?)");

    private FerryBench() {
    }

    /** What to run. */
    public record Config(String kind, List<Integer> tasks, List<Integer> windows, int agents, int warmup, int repeat,
                         Double cpus, Duration runTimeout, Duration idle, long points, boolean phases,
                         Map<String, String> appProperties) {

        public static Config from(Properties props, String... args) {
            Map<String, String> all = new LinkedHashMap<>();
            props.stringPropertyNames().forEach(k -> all.put(k, props.getProperty(k)));
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("arguments are key=value, not '" + arg + "'");
                }
                String key = arg.substring(0, eq);
                all.put(key.startsWith("bench.") || key.contains(".") ? key : "bench." + key, arg.substring(eq + 1));
            }
            Map<String, String> app = new LinkedHashMap<>();
            all.forEach((k, v) -> {
                if (k.startsWith("ferry.") || k.startsWith("server.") || k.startsWith("logging.")
                        || k.startsWith("spring.")) {
                    app.put(k, v);
                }
            });
            String cpus = blankToNull(all.get("bench.cpus"));
            List<Integer> tasks = ints(all.getOrDefault("bench.tasks", "1000"));
            boolean phases = Boolean.parseBoolean(all.getOrDefault("bench.phases", "false"));
            if (phases) {
                // RunPhases reads every task of a run from the scheduler's history: as many as the largest run.
                int largest = tasks.stream().max(Integer::compare).orElse(0);
                app.putIfAbsent("ferry.history.size", Integer.toString(largest));
            }
            return new Config(all.getOrDefault("bench.kind", "noop"),
                    tasks,
                    ints(all.getOrDefault("bench.window", "256")),
                    Integer.parseInt(all.getOrDefault("bench.agents", "2")),
                    Integer.parseInt(all.getOrDefault("bench.warmup", "40000")),
                    Integer.parseInt(all.getOrDefault("bench.repeat", "1")),
                    cpus == null ? null : Double.valueOf(cpus),
                    Duration.ofSeconds(Long.parseLong(all.getOrDefault("bench.timeout", "600"))),
                    Duration.ofMillis(Long.parseLong(all.getOrDefault("bench.idle", "3000"))),
                    Long.parseLong(all.getOrDefault("bench.points", Long.toString(BenchTasks.PI_POINTS))
                            .replace("_", "")),
                    phases, app);
        }

        private static List<Integer> ints(String list) {
            return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(s -> Integer.parseInt(s.replace("_", ""))).toList();
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    /** One run's figures. */
    public record Result(String kind, int tasks, int window, int agents, double tasksPerSecond, double p50Ms,
                         double p99Ms, long coldStartMs, double heapMb) {

        public String line() {
            return String.format(Locale.ROOT, "%skind=%s tasks=%d window=%d agents=%d tasks_per_s=%.1f p50_ms=%.3f"
                            + " p99_ms=%.3f cold_start_ms=%d heap_mb=%.1f", PREFIX, kind, tasks, window, agents,
                    tasksPerSecond, p50Ms, p99Ms, coldStartMs, heapMb);
        }
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(Config.from(System.getProperties(), args), System.out, System.err);
        } catch (Throwable e) {
            System.err.println("ferry-bench failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** A kind timed inside its tasks: warm-up tasks per agent, and warm-up runs of the local comparison. */
    private static final int JIT_WARMUP = 3;
    /** Most rounds of the comparison after each run. */
    private static final int JIT_ROUNDS = 10;

    /** Boots the app, runs every (tasks, window) pair {@code repeat} times, prints a line per run; stops the app. */
    public static List<Result> run(Config config, PrintStream out, PrintStream info) throws Exception {
        System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
        BenchTasks.Kind kind = BenchTasks.kind(config.kind(), config.points());
        // As command-line arguments: they win over application.properties (default properties would not).
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("ferry.local.agents", Integer.toString(config.agents()));
        props.put("logging.level.root", "WARN");
        props.put("logging.level.io.ferry", "WARN");
        props.put("spring.main.banner-mode", "off");
        props.putAll(config.appProperties());
        long bootStart = System.nanoTime();
        List<Result> results = new ArrayList<>();
        String[] appArgs = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StarterTestApplication.class)
                .run(appArgs)) {
            TaskService tasks = app.getBean(TaskService.class);
            FerryScheduler scheduler = app.getBean(FerryScheduler.class);
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            ChangeFeedReader feed = new ChangeFeedReader(scheduler);
            AppProbes.awaitSubscribed(scheduler, Duration.ofSeconds(30));
            double bootMs = (System.nanoTime() - bootStart) / 1e6;
            double idleHeapMb = AppProbes.heapMbAfterGc();
            TaskOptions options = config.cpus() == null ? tasks.defaultOptions()
                    : tasks.defaultOptions().withCpus(config.cpus());

            // Cold start: the fresh cluster has no executor yet; the first submit starts one.
            BenchTasks.Kind noop = BenchTasks.kind("noop");
            long coldStart = System.nanoTime();
            Object first = tasks.submit(noop.task(), options).get(60, TimeUnit.SECONDS);
            long coldStartMs = Math.round((System.nanoTime() - coldStart) / 1e6);
            if (!noop.check().test(first)) {
                throw new IllegalStateException("the cold-start task returned " + first);
            }
            // CPU time the executor JVM(s) used to get there: less sensitive to the machine's load than the wall time.
            long coldCpuMs = AppProbes.Usage.now().executorCpuNanos() / 1_000_000;
            info.printf(Locale.ROOT, "ferry-bench-info boot_ms=%.0f idle_heap_mb=%.1f cold_start_ms=%d"
                    + " cold_start_executor_cpu_ms=%d cold_start_executor_threads_cpu_ms=%s%n", bootMs, idleHeapMb,
                    coldStartMs, coldCpuMs, ExecutorThreads.busiest(AppProbes.executors(), 8));

            // Warm-up: JIT of the app, the agents and the executors; an executor on every agent (WarmUp).
            if (config.warmup() > 0) {
                WarmUp.run(tasks, options, config.warmup(), config.runTimeout(), info, () -> {
                    AppProbes.awaitAcknowledged(scheduler, Duration.ofSeconds(30));
                    AppProbes.heapMbAfterGc();
                });
                if (kind.innerNanos() != null) {
                    // Seconds per task: a few, one at a time, as JitComparison warms the local runs.
                    measure(tasks, options, kind, JIT_WARMUP * config.agents(), 1, config.runTimeout());
                } else if (!kind.name().equals("noop")) {
                    measure(tasks, options, kind, Math.max(1, Math.min(200, config.warmup() / 10)), 64,
                            config.runTimeout());
                }
                AppProbes.awaitAcknowledged(scheduler, Duration.ofSeconds(30));
                info.printf(Locale.ROOT, "ferry-bench-info warmed executors=%d executor_command=%s%n",
                        scheduler.state().executors().size(), AppProbes.executors().stream().findFirst()
                                .flatMap(p -> p.info().commandLine()).orElse("unknown"));
            }

            for (int r = 0; r < config.repeat(); r++) {
                for (int n : config.tasks()) {
                    for (int w : config.windows()) {
                        Map<String, Double> eventsBefore = AppProbes.events(meters);
                        AppProbes.Usage before = AppProbes.Usage.now();
                        Measured m = measure(tasks, options, kind, n, w, config.runTimeout(), config.phases());
                        AppProbes.Usage during = AppProbes.Usage.now().minus(before);
                        String eventsPerTask = AppProbes.eventsPerTask(eventsBefore, AppProbes.events(meters), n);
                        int unacked = AppProbes.awaitAcknowledged(scheduler, Duration.ofSeconds(30));
                        double heapMb = AppProbes.heapMbAfterGc();
                        Result result = new Result(kind.name(), n, w, config.agents(), m.tasksPerSecond(),
                                m.percentileMs(0.50), m.percentileMs(0.99), coldStartMs, heapMb);
                        results.add(result);
                        out.println(result.line());
                        if (kind.innerNanos() != null) {
                            out.println(JitComparison.compare(tasks, options, kind, config.points(), JIT_WARMUP,
                                    Math.min(n, JIT_ROUNDS), config.runTimeout()));
                        }
                        out.flush();
                        info.printf(Locale.ROOT, "ferry-bench-info kind=%s tasks=%d window=%d elapsed_s=%.2f"
                                        + " p90_ms=%.3f p999_ms=%.3f max_ms=%.3f mean_ms=%.3f in_flight_avg=%.1f"
                                        + " failed=%d unacked=%d gc=%d gc_ms=%d"
                                        + " app_jit_ms=%d"
                                        + " app_cpu_us_per_task=%.0f executors_cpu_us_per_task=%.0f"
                                        + " executors_rss_mb=%s events_per_task=%s%n",
                                kind.name(), n, w, m.elapsedNanos() / 1e9, m.percentileMs(0.90),
                                m.percentileMs(0.999), m.percentileMs(1.0), m.meanMs(), m.inFlightAverage(),
                                m.failed(), unacked, during.gcCount(),
                                during.gcMillis(), during.appJitMillis(), during.appCpuNanos() / 1e3 / n,
                                during.executorCpuNanos() / 1e3 / n, AppProbes.executorRss(), eventsPerTask);
                        if (config.phases()) {
                            info.println(RunPhases.line(scheduler, kind.name(), w, m.ids(), m.handed()));
                        }
                        info.flush();
                        if (m.failed() > 0 || unacked > 0) {
                            throw new IllegalStateException(m.failed() + " task(s) failed or returned a wrong value"
                                    + " (first: " + m.firstFailure() + "), " + unacked + " update(s) unacknowledged");
                        }
                    }
                }
            }
            if (config.repeat() > 1) {
                printMedians(results, out);
            }
            Thread.sleep(config.idle().toMillis());
            info.printf(Locale.ROOT, "ferry-bench-info end executors_idle_rss_mb=%s executor_jar_bytes=%d"
                            + " history_tasks=%d heap_mb=%.1f idle_heap_mb=%.1f%n", AppProbes.executorRss(),
                    AppProbes.executorJarBytes(), scheduler.tasks().size(), AppProbes.heapMbAfterGc(), idleHeapMb);
            info.printf(Locale.ROOT, "ferry-bench-info end %s%n", feed.summary());
            feed.close();
        }
        return results;
    }

    /**
     * With {@code bench.repeat} > 1, one {@code ferry-bench-median} line per (tasks, window): the median of each
     * figure over the repeats. Short runs (1,000 tasks take a tenth of a second at window 256) vary by tens of
     * percent from one repeat to the next on 2 cores; the median is the figure to compare.
     */
    static void printMedians(List<Result> results, PrintStream out) {
        Map<String, List<Result>> byRun = new LinkedHashMap<>();
        for (Result r : results) {
            byRun.computeIfAbsent(r.tasks() + "/" + r.window(), k -> new ArrayList<>()).add(r);
        }
        for (List<Result> runs : byRun.values()) {
            Result first = runs.get(0);
            out.printf(Locale.ROOT, "ferry-bench-median kind=%s tasks=%d window=%d agents=%d runs=%d tasks_per_s=%.1f"
                            + " p50_ms=%.3f p99_ms=%.3f%n", first.kind(), first.tasks(), first.window(), first.agents(),
                    runs.size(), median(runs, Result::tasksPerSecond), median(runs, Result::p50Ms),
                    median(runs, Result::p99Ms));
        }
        out.flush();
    }

    private static double median(List<Result> runs, java.util.function.ToDoubleFunction<Result> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** The figures of one run. */
    record Measured(long[] latencies, long elapsedNanos, int failed, String firstFailure, String[] ids,
                    Instant[] handed) {
        double tasksPerSecond() {
            return latencies.length / (elapsedNanos / 1e9);
        }

        double meanMs() {
            return latencies.length == 0 ? 0 : Arrays.stream(latencies).average().orElse(0) / 1e6;
        }

        /**
         * How many tasks were in flight on average (Little's law: throughput times mean latency). A latency is only
         * comparable with another system's at the same number: a client that cannot keep its window full measures
         * its latency at fewer tasks in flight than the window says.
         */
        double inFlightAverage() {
            return tasksPerSecond() * meanMs() / 1e3;
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }
    }

    /** Submits {@code n} tasks, at most {@code window} in flight; waits for all; latencies sorted. */
    static Measured measure(TaskService tasks, TaskOptions options, BenchTasks.Kind kind, int n, int window,
                            Duration timeout) throws InterruptedException {
        return measure(tasks, options, kind, n, window, timeout, false);
    }

    /**
     * The same; with {@code phases}, also each task's id and when its callback ran, for {@link RunPhases} (kept
     * only then: they are still reachable when the run's {@code heap_mb} is read).
     */
    static Measured measure(TaskService tasks, TaskOptions options, BenchTasks.Kind kind, int n, int window,
                            Duration timeout, boolean phases) throws InterruptedException {
        long[] latencies = new long[n];
        String[] ids = phases ? new String[n] : null;
        Instant[] handed = phases ? new Instant[n] : null;
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicLong lastCompletion = new AtomicLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        @SuppressWarnings("unchecked")
        Task<Object> task = (Task<Object>) kind.task();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("run of " + n + " timed out after " + timeout + " with "
                        + done.getCount() + " task(s) unfinished");
            }
            int index = i;
            long submitted = System.nanoTime();
            TaskFuture<Object> future = tasks.submit(task, options);
            if (phases) {
                ids[index] = future.taskId();
            }
            future.whenComplete((value, error) -> {
                long now = System.nanoTime();
                if (phases) {
                    handed[index] = Instant.now();
                }
                latencies[index] = now - submitted;
                lastCompletion.accumulateAndGet(now, Math::max);
                if (error != null || !kind.check().test(value)) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, error != null ? String.valueOf(error)
                            : "wrong value " + abbreviate(value));
                }
                inFlight.release();
                done.countDown();
            });
        }
        if (!done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("run of " + n + " timed out after " + timeout + " with "
                    + done.getCount() + " task(s) unfinished");
        }
        Arrays.sort(latencies);
        return new Measured(latencies, lastCompletion.get() - start, failed.get(), firstFailure.get(), ids, handed);
    }

    private static String abbreviate(Object value) {
        String s = value instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(value);
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
