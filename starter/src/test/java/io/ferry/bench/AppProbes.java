package io.ferry.bench;

import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads of the app it booted, of that app's agents and of their executor JVMs between and around
 * its runs: subscribed yet, every update acknowledged, scheduler events, heap after GC, the executors' processes,
 * CPU and GC counters.
 */
final class AppProbes {

    private AppProbes() {
    }

    static void awaitSubscribed(FerryScheduler scheduler, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!scheduler.state().connected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the scheduler did not subscribe within " + timeout + ": "
                        + scheduler.state());
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits until no agent keeps a task: an agent forgets a task only after its terminal update is acknowledged,
     * so an empty {@code /state} means every update was. Returns how many tasks were still there at the timeout.
     */
    static int awaitAcknowledged(FerryScheduler scheduler, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern taskEntry = Pattern.compile("\"tasks\":\\[([^\\]]*)]");
        while (true) {
            int left = 0;
            for (ExecutorPlace place : scheduler.state().executors()) {
                try {
                    String state = http.send(HttpRequest.newBuilder(URI.create("http://" + place.agentEndpoint()
                            + "/state")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                            .body();
                    Matcher m = taskEntry.matcher(state);
                    while (m.find()) {
                        String list = m.group(1).trim();
                        left += list.isEmpty() ? 0 : list.split("\\},\\s*\\{").length;
                    }
                } catch (IOException e) {
                    left++;
                }
            }
            if (left == 0 || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(20);
        }
    }

    /** Scheduler events received so far, by type (the scheduler's own counters). */
    static Map<String, Double> events(MeterRegistry meters) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (Counter c : meters.find(SchedulerMetrics.EVENTS).counters()) {
            out.put(c.getId().getTag("type"), c.count());
        }
        for (io.micrometer.core.instrument.Timer t : meters.find(SchedulerMetrics.CALLS).tag("outcome", "failure")
                .timers()) {
            out.put("FAILED_CALL_" + t.getId().getTag("type"), (double) t.count());
        }
        return out;
    }

    /** E.g. {@code OFFERS:1.02,UPDATE:1.00}: events of each type per task of the run, the ones that happened. */
    static String eventsPerTask(Map<String, Double> before, Map<String, Double> after, int tasks) {
        List<String> out = new ArrayList<>();
        after.forEach((type, count) -> {
            double d = count - before.getOrDefault(type, 0.0);
            if (d > 0) {
                out.add(String.format(Locale.ROOT, "%s:%.2f", type, d / tasks));
            }
        });
        return out.isEmpty() ? "none" : String.join(",", out);
    }

    static double heapMbAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /** The executor jar in a command line: the sandbox's, or its copy in ferry.executor.cds-dir. */
    private static final Pattern EXECUTOR_JAR = Pattern.compile("-jar \\S*ferry-executor(-[0-9a-f]+)?\\.jar");

    /** The executor JVMs started by this app's agents. */
    static List<ProcessHandle> executors() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> EXECUTOR_JAR.matcher(c).find()).orElse(false))
                .toList();
    }

    /** Resident set size of each executor JVM, MiB, comma separated. */
    static String executorRss() {
        List<String> out = new ArrayList<>();
        for (ProcessHandle p : executors()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        out.add(String.format(Locale.ROOT, "%.1f", kb / 1024.0));
                    }
                }
            } catch (IOException | RuntimeException e) {
                out.add("?");
            }
        }
        return out.isEmpty() ? "none" : String.join(",", out);
    }

    static long executorJarBytes() {
        try (var in = AppProbes.class.getResourceAsStream("/static/executor/ferry-executor.jar")) {
            return in == null ? -1 : in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU and GC counters, to be subtracted. */
    record Usage(long gcCount, long gcMillis, long appCpuNanos, long executorCpuNanos, long appJitMillis) {
        static Usage now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            long app = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            long executors = 0;
            for (ProcessHandle p : executors()) {
                executors += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            }
            return new Usage(count, millis, app, executors, WarmUp.jitMillis());
        }

        Usage minus(Usage o) {
            return new Usage(gcCount - o.gcCount, gcMillis - o.gcMillis, appCpuNanos - o.appCpuNanos,
                    executorCpuNanos - o.executorCpuNanos, appJitMillis - o.appJitMillis);
        }
    }
}
