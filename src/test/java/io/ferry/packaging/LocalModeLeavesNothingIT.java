package io.ferry.packaging;

import static io.ferry.packaging.AppProcess.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode leaves nothing behind, with the packaged app run as a process the way users run it — the place where
 * a {@code kill -9} or a crash happens, with the app's real process tree: its executors are JVMs it started.
 *
 * <ul>
 *   <li>A killed app's executors end within seconds by themselves (their MESOS_RECOVERY_TIMEOUT is short in local
 *       mode), and its work directory is removed by the next start, which leaves a live app's alone.</li>
 *   <li>A failed executor's sandbox outlives a clean stop, the rest of the work directory does not; the next start
 *       removes it.</li>
 * </ul>
 * Each test gives its apps a {@code java.io.tmpdir} of its own, so it sees only their work directories.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LocalModeLeavesNothingIT {

    /** How long the executors of a killed app may take to go: 5 s of recovery timeout, its backoff, and the load. */
    private static final Duration EXECUTORS_GONE = Duration.ofSeconds(30);
    private static final String LONG_SLEEP = "{\"kind\":\"sleep\",\"count\":1,\"seconds\":600}";

    @TempDir
    Path work;

    @Test
    void aKilledAppsExecutorsEndWithinSecondsAndTheNextStartRemovesItsWorkDirectoryButNotALiveOnes() throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        try (AppProcess doomed = AppProcess.start(tmp, work.resolve("doomed.log"));
             AppProcess live = AppProcess.start(tmp, work.resolve("live.log"))) {
            doomed.awaitUp();
            live.awaitUp();
            Path doomedDir = doomed.workDir();
            Path liveDir = live.workDir();
            assertThat(doomedDir.getParent()).isEqualTo(tmp);

            String id = doomed.launch(LONG_SLEEP).get(0);
            await(() -> phase(doomed, id).equals("RUNNING"), AppProcess.START, "the sleep task running");
            List<ProcessHandle> executors = doomed.executorJvms();
            assertThat(executors).as("the executor JVM of the running task").isNotEmpty();
            List<ProcessHandle> tree = doomed.process().descendants().toList(); // the JVMs and any shell above them

            try {
                doomed.kill();
                long killed = System.nanoTime();
                assertThat(executors).as("the executors outlive the kill for a while")
                        .anyMatch(ProcessHandle::isAlive);
                long deadline = killed + EXECUTORS_GONE.toNanos();
                while (tree.stream().anyMatch(LocalModeLeavesNothingIT::running) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(tree.stream().map(LocalModeLeavesNothingIT::describe).toList())
                        .as("every process the killed app started, gone within %s; the executors' stderr:%n%s",
                                EXECUTORS_GONE, stderrs(doomedDir))
                        .allMatch(d -> d.startsWith("gone"));
                System.out.printf("executors of the killed app gone %d ms after the kill%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                assertThat(doomedDir).as("nobody removed the dead run's directory yet").isDirectory();

                try (AppProcess next = AppProcess.start(tmp, work.resolve("next.log"))) {
                    next.awaitUp();
                    assertThat(doomedDir).as("the dead run's work directory, after the next start").doesNotExist();
                    assertThat(liveDir).as("the live app's work directory").isDirectory();
                    assertThat(liveDir.resolve("ferry-owner")).content()
                            .contains("pid=" + live.process().pid() + "\n");
                    assertThat(next.log()).containsPattern("INFO .*Removed 1 work directory of Ferry runs that are"
                            + " gone: " + Pattern.quote(doomedDir.toString()) + " \\(pid " + doomed.process().pid()
                            + " gone\\)");
                    assertThat(live.launch("{\"kind\":\"hello\",\"count\":1}")).as("the live app still works")
                            .hasSize(1).allSatisfy(hello -> await(() -> phase(live, hello).equals("SUCCEEDED"),
                                    AppProcess.START, "a task on the live app"));
                    next.stop();
                }
            } finally {
                tree.forEach(ProcessHandle::destroyForcibly); // after a failure, nothing of the test stays behind
            }
            live.stop();
        }
    }

    @Test
    void aFailedExecutorsSandboxOutlivesACleanStopUntilTheNextStart() throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path workDir;
        String kept;
        try (AppProcess app = AppProcess.start(tmp, work.resolve("first.log"))) {
            app.awaitUp();
            workDir = app.workDir();
            String id = app.launch(LONG_SLEEP).get(0);
            await(() -> phase(app, id).equals("RUNNING"), AppProcess.START, "the sleep task running");
            List<ProcessHandle> executors = app.executorJvms();
            assertThat(executors).hasSize(1);
            executors.get(0).destroyForcibly(); // the executor dies: the task is retried on a new one
            await(() -> attempts(app, id) >= 2 && phase(app, id).equals("RUNNING"), AppProcess.START,
                    "the task running again on a new executor");

            app.stop();

            Matcher line = Pattern.compile("INFO .*Kept the sandboxes of 1 failed executor in "
                    + Pattern.quote(workDir.toString()) + "; removed at the next start: (\\S+)").matcher(app.log());
            assertThat(line.find()).as("the stop's line saying what was kept, in:\n%s", app.log()).isTrue();
            kept = line.group(1);
        }
        assertThat(sandboxes(workDir)).as("only the failed executor's sandbox is left")
                .containsExactly(workDir.resolve(kept));
        assertThat(workDir.resolve(kept).resolve("stderr")).content().contains("ferry-executor");
        assertThat(workDir.resolve("ferry-owner")).content().contains("stopped=");

        try (AppProcess next = AppProcess.start(tmp, work.resolve("next.log"))) {
            next.awaitUp();
            assertThat(workDir).as("the kept sandbox, after the next start").doesNotExist();
            assertThat(next.log()).containsPattern("Removed 1 work directory of Ferry runs that are gone: "
                    + Pattern.quote(workDir.toString()) + " \\(stopped at ");
            next.stop();
        }
    }

    /** {@code gone …} or {@code running <pid> <state> <command line>}. */
    private static String describe(ProcessHandle process) {
        String command = process.info().commandLine().orElse("?");
        return (running(process) ? "running " : "gone ") + process.pid() + " " + command;
    }

    /** The executors' own account, for a failure message. */
    private static String stderrs(Path workDir) {
        try {
            StringBuilder text = new StringBuilder();
            for (Path sandbox : sandboxes(workDir)) {
                text.append(sandbox).append(":\n").append(Files.readString(sandbox.resolve("stderr")));
            }
            return text.toString();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Every executor run's sandbox ({@code …/runs/<container id>}) below {@code workDir}. */
    private static List<Path> sandboxes(Path workDir) throws IOException {
        try (Stream<Path> paths = Files.walk(workDir)) {
            return paths.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("runs")
                    && !Files.isSymbolicLink(p) && Files.isDirectory(p)).toList();
        }
    }

    private static String phase(AppProcess app, String id) {
        return field(app, id, "\"phase\":\"([A-Z]+)\"");
    }

    private static int attempts(AppProcess app, String id) {
        String n = field(app, id, "\"attempts\":(\\d+)");
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }

    private static String field(AppProcess app, String id, String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(app.task(id));
            return m.find() ? m.group(1) : "";
        } catch (Exception e) {
            throw new AssertionError("asking the app for task " + id, e);
        }
    }

    /**
     * Whether the process still runs. A zombie (exited, not reaped yet by its new parent, the killed app's being
     * gone) runs nothing; {@link ProcessHandle#isAlive()} cannot tell it, Linux's {@code /proc} can.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException noProc) {
            return true;
        }
    }
}
