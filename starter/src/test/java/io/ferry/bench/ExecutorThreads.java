package io.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where an executor JVM's CPU time went, by thread name (Linux {@code /proc/<pid>/task/<tid>/stat}): after the cold
 * start, it tells JIT compiler threads from the main thread and the I/O threads. Elsewhere: "unavailable".
 */
final class ExecutorThreads {

    private ExecutorThreads() {
    }

    /** E.g. {@code C2_CompilerThre:310,main:240,...}: the {@code n} threads (summed by name) that used most CPU. */
    static String busiest(List<ProcessHandle> executors, int n) {
        Map<String, Long> byName = new TreeMap<>();
        long tick = 10; // ms per clock tick: USER_HZ is 100 on Linux
        for (ProcessHandle p : executors) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(' ', '_')
                            .replaceAll("#?\\d+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick; // utime, stime
                    byName.merge(name, ms, Long::sum);
                }
            } catch (IOException | RuntimeException e) {
                return "unavailable";
            }
        }
        List<Map.Entry<String, Long>> top = new ArrayList<>(byName.entrySet());
        top.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : top.subList(0, Math.min(n, top.size()))) {
            out.add(e.getKey() + ":" + e.getValue());
        }
        return out.isEmpty() ? "none" : String.join(",", out);
    }
}
