package io.ferry.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The app restarts within its failover timeout against the same master: it subscribes with the framework id it
 * kept, finds the tasks of its previous run through reconciliation, and — since no caller waits for them any more
 * — kills them and records them as orphans.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AppRestartTest {

    @TempDir
    Path work;

    private static ConfigurableApplicationContext app(LocalCluster cluster, Path stateDir) throws IOException {
        return ExternalClusterApp.start(cluster.masterUrl(), stateDir);
    }

    @Test
    void aRestartKeepsTheFrameworkIdAndKillsTheOrphans() throws Exception {
        Path stateDir = work.resolve("state");
        try (LocalCluster cluster = LocalCluster.start(LocalClusterSettings.defaults(work.resolve("mesos"))
                .withAgents(1, 4, 4096, 10_240))) {
            String frameworkId;
            List<String> mesosIds = new ArrayList<>();
            try (ConfigurableApplicationContext first = app(cluster, stateDir)) {
                TaskService tasks = first.getBean(TaskService.class);
                FerryScheduler scheduler = first.getBean(FerryScheduler.class);
                List<TaskFuture<String>> futures = new ArrayList<>();
                List<Path> started = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    started.add(work.resolve("started-" + i));
                    futures.add(tasks.submit(runsForLong(started.get(i).toString()),
                            tasks.defaultOptions().withMaxRetries(0)));
                }
                for (TaskFuture<String> f : futures) {
                    await(() -> tasks.task(f.taskId()).orElseThrow().phase() == TaskPhase.RUNNING, "running");
                    mesosIds.add(f.taskId() + ".1");
                }
                // TASK_RUNNING comes 25 ms after launch, maybe while the task's classes still load from this app:
                // closed then, the app would fail them itself (class not reachable). Each says when its code runs.
                await(() -> started.stream().allMatch(Files::exists), "the tasks' code running");
                frameworkId = scheduler.state().frameworkId();
                assertThat(Files.readString(stateDir.resolve("framework-id")).trim()).isEqualTo(frameworkId);
            }

            try (ConfigurableApplicationContext second = app(cluster, stateDir)) {
                FerryScheduler scheduler = second.getBean(FerryScheduler.class);
                await(() -> scheduler.state().connected(), "subscribed");
                assertThat(scheduler.state().frameworkId()).isEqualTo(frameworkId);

                await(() -> mesosIds.stream().allMatch(id -> scheduler.task(id).isPresent()), "orphans recorded");
                for (String id : mesosIds) {
                    TaskView orphan = scheduler.task(id).orElseThrow();
                    assertThat(orphan.name()).isEqualTo("orphan");
                    assertThat(orphan.phase()).isEqualTo(TaskPhase.CANCELLED);
                    assertThat(orphan.failure()).contains("earlier run");
                    assertThat(orphan.mesosState()).as("found live, so killed").isEqualTo("TASK_RUNNING");
                }
                // And they end, killed: the agent reports each TASK_KILLED to this run, which launched nothing.
                MeterRegistry meters = second.getBean(MeterRegistry.class);
                await(() -> meters.counter(SchedulerMetrics.UPDATES_RECEIVED, "state", "TASK_KILLED").count() >= mesosIds.size(),
                        "the orphans reported killed");
                assertThat(meters.counter(SchedulerMetrics.TASKS_LAUNCHED).count()).isZero();
                // Each is counted once as orphaned, however many updates it got (RUNNING, then KILLED).
                assertThat(meters.counter(SchedulerMetrics.TASKS_ENDED, "state",
                        SchedulerMetrics.Ended.ORPHANED.tag()).count()).isEqualTo(mesosIds.size());
            }
        }
    }

    /** Leaves {@code started} once its code runs, then runs for two minutes (static: captures only the path). */
    private static Task<String> runsForLong(String started) {
        return () -> {
            Files.createFile(Path.of(started));
            Thread.sleep(120_000);
            return "too late";
        };
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        ExternalClusterApp.await(condition, what);
    }
}
