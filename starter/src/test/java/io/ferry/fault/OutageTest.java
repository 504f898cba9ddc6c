package io.ferry.fault;

import static io.ferry.fault.ExternalClusterApp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The master and an agent go away under running tasks and come back. Ferry reaches the master through a
 * non-leading one (a 307 to follow), notices the outage, resubscribes with the same framework id once the master
 * is back, and gets every status update made meanwhile: each future completes, on its first attempt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OutageTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    // A field @TempDir is injected after @BeforeAll on a per-class instance; a static one is ready before.
    @TempDir
    static Path work;
    LocalCluster cluster;
    ConfigurableApplicationContext app;
    TaskService tasks;
    FerryScheduler scheduler;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(work.resolve("mesos"))
                .withAgents(1, 4, 4096, 10_240)
                .withHeartbeatInterval(HEARTBEAT)
                .withExecutorReregistrationTimeout(Duration.ofSeconds(20)));
        app = ExternalClusterApp.start(cluster.standbyMasterUrl(), work.resolve("state"));
        tasks = app.getBean(TaskService.class);
        scheduler = app.getBean(FerryScheduler.class);
        await(() -> scheduler.state().connected(), "subscribed");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theStandbysRedirectIsFollowedToTheLeader() throws Exception {
        assertThat(scheduler.state().master()).contains(":" + cluster.masterUrl().getPort() + "/");
        assertThat(tasks.submit(() -> "via the leader").get(90, TimeUnit.SECONDS)).isEqualTo("via the leader");
    }

    @Test
    void aMasterOutageLosesNoUpdate() throws Exception {
        String frameworkId = scheduler.state().frameworkId();
        List<TaskFuture<String>> futures = runningTasks(4, 2_000);

        long down = System.nanoTime();
        cluster.stopMaster();
        await(() -> !scheduler.state().connected(), "disconnected");
        long noticed = System.nanoTime();
        // Work submitted while the master is away waits in the queue; none is dropped.
        TaskFuture<String> submittedDuringOutage = tasks.submit(() -> "queued through the outage");
        // Longer than the heartbeat window (5 intervals): the tasks finish while nobody can hear them.
        Thread.sleep(HEARTBEAT.toMillis() * 6);
        cluster.startMaster();
        long up = System.nanoTime();

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        long done = System.nanoTime();
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get()).isEqualTo("done " + i);
            assertThat(tasks.task(futures.get(i).taskId()).orElseThrow().attempts()).isEqualTo(1);
        }
        assertThat(submittedDuringOutage.get(90, TimeUnit.SECONDS)).isEqualTo("queued through the outage");
        assertThat(scheduler.state().connected()).isTrue();
        assertThat(scheduler.state().frameworkId()).isEqualTo(frameworkId);
        System.out.printf("fault-cost kind=master-outage noticed_ms=%d master_back_to_futures_done_ms=%d%n",
                (noticed - down) / 1_000_000, (done - up) / 1_000_000);
    }

    @Test
    void anAgentRestartLosesNoUpdate() throws Exception {
        List<TaskFuture<String>> futures = runningTasks(4, 2_000);

        long restart = System.nanoTime();
        cluster.stopAgent(0);
        Thread.sleep(2_500); // the tasks finish while their agent is away
        cluster.startAgent(0);

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get()).isEqualTo("done " + i);
            assertThat(tasks.task(futures.get(i).taskId()).orElseThrow().attempts()).isEqualTo(1);
        }
        System.out.printf("fault-cost kind=agent-restart restart_to_futures_done_ms=%d%n",
                (System.nanoTime() - restart) / 1_000_000);
    }

    private List<TaskFuture<String>> runningTasks(int n, long millis) throws InterruptedException {
        List<TaskFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(tasks.submit(() -> {
                Thread.sleep(millis);
                return "done " + k;
            }, tasks.defaultOptions().withMaxRetries(0)));
        }
        for (TaskFuture<String> f : futures) {
            await(() -> tasks.task(f.taskId()).orElseThrow().phase() == TaskPhase.RUNNING, "running");
        }
        return futures;
    }
}
