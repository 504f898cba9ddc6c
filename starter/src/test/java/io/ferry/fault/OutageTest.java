package io.ferry.fault;

import static io.ferry.fault.ExternalClusterApp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 *
 * <p>The tasks wait for a gate (a file) that the test opens only once the fault is in place, and the test waits
 * until they have finished before it ends the fault: their updates are made while nobody can deliver them, however
 * slow the machine.
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
    MeterRegistry meters;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(work.resolve("mesos"))
                .withAgents(1, 4, 4096, 10_240)
                .withHeartbeatInterval(HEARTBEAT)
                .withExecutorReregistrationTimeout(Duration.ofSeconds(20)));
        app = ExternalClusterApp.start(cluster.standbyMasterUrl(), work.resolve("state"));
        tasks = app.getBean(TaskService.class);
        scheduler = app.getBean(FerryScheduler.class);
        meters = app.getBean(MeterRegistry.class);
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
        Path gate = work.resolve("master-outage-gate");
        List<TaskFuture<String>> futures = gatedTasks(4, gate);
        double subscriptions = count(SchedulerMetrics.EVENTS, "type", "SUBSCRIBED");
        double disconnects = count(SchedulerMetrics.RECONNECTS);

        long down = System.nanoTime();
        cluster.stopMaster();
        assertRefusesConnections(cluster.masterUrl());
        await(() -> !scheduler.state().connected(), "disconnected");
        long noticed = System.nanoTime();
        // While it is away, the scheduler keeps trying to resubscribe (through the standby) and is refused.
        await(() -> count(SchedulerMetrics.RECONNECTS) >= disconnects + 2, "a resubscription refused");
        assertThat(scheduler.state().lastError()).contains("answered 503");
        // Work submitted while the master is away waits in the queue; none is dropped.
        TaskFuture<String> submittedDuringOutage = tasks.submit(() -> "queued through the outage");
        // The tasks finish while nobody can hear them: their updates wait on the agent.
        finishGatedTasks(gate, futures.size());

        assertThat(futures).as("no update got through while the master was away").noneMatch(TaskFuture::isDone);
        TaskView queued = tasks.task(submittedDuringOutage.taskId()).orElseThrow();
        assertThat(queued.phase()).as("submitted during the outage").isEqualTo(TaskPhase.QUEUED);
        assertThat(queued.attempts()).isZero();
        assertThat(scheduler.state().queued()).isPositive();
        assertThat(scheduler.state().connected()).isFalse();
        assertRefusesConnections(cluster.masterUrl());
        cluster.startMaster();
        long up = System.nanoTime();

        // Subscribed again (a new SUBSCRIBED event), with the framework id it had, through the standby's redirect.
        await(() -> scheduler.state().connected() && count(SchedulerMetrics.EVENTS, "type", "SUBSCRIBED") > subscriptions,
                "resubscribed");
        assertThat(scheduler.state().frameworkId()).isEqualTo(frameworkId);
        assertThat(scheduler.state().master()).contains(":" + cluster.masterUrl().getPort() + "/");
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        long done = System.nanoTime();
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get()).isEqualTo("done " + i);
            assertThat(tasks.task(futures.get(i).taskId()).orElseThrow().attempts()).isEqualTo(1);
        }
        assertThat(submittedDuringOutage.get(90, TimeUnit.SECONDS)).isEqualTo("queued through the outage");
        assertThat(tasks.task(submittedDuringOutage.taskId()).orElseThrow().attempts()).isEqualTo(1);
        System.out.printf("fault-cost kind=master-outage noticed_ms=%d master_back_to_futures_done_ms=%d%n",
                (noticed - down) / 1_000_000, (done - up) / 1_000_000);
    }

    @Test
    void anAgentRestartLosesNoUpdate() throws Exception {
        Path gate = work.resolve("agent-restart-gate");
        List<TaskFuture<String>> futures = gatedTasks(4, gate);
        ExecutorPlace executor = aliveExecutor();
        URI agent = cluster.agents().get(0).url();

        long restart = System.nanoTime();
        cluster.stopAgent(0);
        assertRefusesConnections(agent);
        // The tasks finish while their agent is away: their executor keeps their updates.
        finishGatedTasks(gate, futures.size());
        assertThat(futures).as("no update got through while the agent was away").noneMatch(TaskFuture::isDone);
        cluster.startAgent(0);

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get()).isEqualTo("done " + i);
            assertThat(tasks.task(futures.get(i).taskId()).orElseThrow().attempts()).isEqualTo(1);
        }
        // The updates came from the executor that ran the tasks: it outlived its agent and subscribed again.
        assertThat(ProcessHandle.of(executor.pid()).map(ProcessHandle::isAlive)).as("executor " + executor.pid())
                .contains(true);
        assertThat(scheduler.state().executors()).filteredOn(p -> p.agentId().equals(executor.agentId()))
                .extracting(ExecutorPlace::pid).containsExactly(executor.pid());
        System.out.printf("fault-cost kind=agent-restart restart_to_futures_done_ms=%d%n",
                (System.nanoTime() - restart) / 1_000_000);
    }

    /**
     * {@code n} running tasks that finish only once {@code gate} exists: then each leaves {@code gate-done-<i>} and
     * returns {@code "done <i>"}. The test opens the gate once its fault is in place, so the tasks finish during it.
     */
    private List<TaskFuture<String>> gatedTasks(int n, Path gate) throws InterruptedException {
        List<TaskFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(tasks.submit(gated(gate.toString(), gate + "-done-" + i, "done " + i),
                    tasks.defaultOptions().withMaxRetries(0)));
        }
        for (TaskFuture<String> f : futures) {
            await(() -> tasks.task(f.taskId()).orElseThrow().phase() == TaskPhase.RUNNING, "running");
        }
        return futures;
    }

    /** Opens {@code gate} and waits until the {@code n} tasks behind it have finished their work. */
    private static void finishGatedTasks(Path gate, int n) throws Exception {
        Files.createFile(gate);
        await(() -> IntStream.range(0, n).allMatch(i -> Files.exists(Path.of(gate + "-done-" + i))),
                "the gated tasks finished");
    }

    /** Static, so that the lambda captures only its arguments (the executor loads this class from the app). */
    private static Task<String> gated(String gate, String done, String result) {
        return () -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(Path.of(gate))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gate " + gate + " did not open within 120 s");
                }
                Thread.sleep(20);
            }
            Files.createFile(Path.of(done));
            return result;
        };
    }

    private ExecutorPlace aliveExecutor() throws InterruptedException {
        ExecutorPlace[] found = new ExecutorPlace[1];
        await(() -> {
            for (ExecutorPlace place : scheduler.state().executors()) {
                if (place.running() && ProcessHandle.of(place.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    found[0] = place;
                    return true;
                }
            }
            return false;
        }, "an executor");
        return found[0];
    }

    private double count(String meter, String... tags) {
        return meters.counter(meter, tags).count();
    }

    /** Nothing listens at {@code base} any more: a connection is refused (not answered, not timed out). */
    private static void assertRefusesConnections(URI base) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(base.resolve("/state"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()))
                .as("a connection to " + base).isInstanceOf(ConnectException.class);
    }
}
