package io.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.delivery.ExecutorFilesController;
import io.ferry.e2e.LocalModeTest;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.scheduler.SchedulerMetrics.Ended;
import io.ferry.task.TaskOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every scheduler meter moves when it should, through the real local cluster and real executor JVMs: tasks that
 * finish, throw, are cancelled and time out, and the offers, updates, calls and executors that
 * go with them. Deltas, not absolute values: the context (and its counters) is shared with the other
 * {@link LocalModeTest} classes. A task that kills its executor is {@link TaskLostMetricsTest}'s, in a context of
 * its own.
 */
@LocalModeTest
class SchedulerMetricsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path PROMTOOL = Path.of(System.getProperty("ferry.test.promtool", "/usr/bin/promtool"));

    @Autowired
    TaskService tasks;
    @Autowired
    FerryScheduler scheduler;
    @Autowired
    MeterRegistry meters;

    @Test
    void finishedTasksMoveTheTaskOfferUpdateCallAndExecutorMeters() throws Exception {
        double submitted = count(SchedulerMetrics.TASKS_SUBMITTED);
        double launched = count(SchedulerMetrics.TASKS_LAUNCHED);
        double finished = ended(Ended.FINISHED);
        double received = count(SchedulerMetrics.OFFERS_RECEIVED);
        double accepted = count(SchedulerMetrics.OFFERS_ACCEPTED);
        double updatesFinished = count(SchedulerMetrics.UPDATES_RECEIVED, "state", "TASK_FINISHED");
        double acksFinished = count(SchedulerMetrics.UPDATES_ACKNOWLEDGED, "state", "TASK_FINISHED");
        long acceptCalls = calls("ACCEPT", "success");
        long ackCalls = calls("ACKNOWLEDGE", "success");
        long waits = timer(SchedulerMetrics.QUEUE_WAIT).count();
        long runs = timer(SchedulerMetrics.RUN_DURATION).count();
        long trips = timer(SchedulerMetrics.ROUND_TRIP).count();

        List<TaskFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            futures.add(tasks.submit(() -> n * 2));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(i * 2);
        }

        assertThat(count(SchedulerMetrics.TASKS_SUBMITTED) - submitted).isEqualTo(10);
        assertThat(count(SchedulerMetrics.TASKS_LAUNCHED) - launched).isEqualTo(10);
        assertThat(ended(Ended.FINISHED) - finished).isEqualTo(10);
        assertThat(timer(SchedulerMetrics.QUEUE_WAIT).count() - waits).isEqualTo(10);
        assertThat(timer(SchedulerMetrics.RUN_DURATION).count() - runs).isEqualTo(10);
        assertThat(timer(SchedulerMetrics.ROUND_TRIP).count() - trips).isEqualTo(10);
        assertThat(timer(SchedulerMetrics.ROUND_TRIP).totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(count(SchedulerMetrics.UPDATES_RECEIVED, "state", "TASK_FINISHED") - updatesFinished)
                .isEqualTo(10);
        assertThat(count(SchedulerMetrics.OFFERS_RECEIVED)).isPositive();
        assertThat(count(SchedulerMetrics.OFFERS_ACCEPTED)).isGreaterThan(accepted);
        assertThat(calls("ACCEPT", "success")).isGreaterThan(acceptCalls);
        // Acknowledgements are answered after the futures complete: counted when the master took them.
        await(() -> count(SchedulerMetrics.UPDATES_ACKNOWLEDGED, "state", "TASK_FINISHED") - acksFinished >= 10,
                "10 TASK_FINISHED acknowledged");
        assertThat(calls("ACKNOWLEDGE", "success") - ackCalls).isGreaterThanOrEqualTo(10);

        assertThat(gauge(SchedulerMetrics.SUBSCRIBED)).isEqualTo(1);
        assertThat(gauge(SchedulerMetrics.SINCE_LAST_EVENT)).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(count(SchedulerMetrics.EVENTS, "type", "SUBSCRIBED")).isGreaterThanOrEqualTo(1);
        assertThat(gauge(SchedulerMetrics.EXECUTORS_RUNNING)).isGreaterThanOrEqualTo(1);
        assertThat(count(SchedulerMetrics.EXECUTORS_LAUNCHED)).isGreaterThanOrEqualTo(1);
        assertThat(count(ExecutorFilesController.FETCHES, "file", "jar")).isGreaterThanOrEqualTo(1);
        assertThat(count(ExecutorFilesController.FETCHES, "file", "script")).isGreaterThanOrEqualTo(1);
        assertThat(count("ferry.executor.class.fetches", "outcome", "served")).isGreaterThanOrEqualTo(1);
        await(() -> gauge(SchedulerMetrics.TASKS_RUNNING) == 0 && gauge(SchedulerMetrics.TASKS_QUEUED) == 0,
                "nothing running or queued");
        assertThat(gauge(SchedulerMetrics.PAYLOAD_IN_FLIGHT)).isZero();
        assertThat(gauge(SchedulerMetrics.PAYLOAD_IN_FLIGHT_PEAK)).isPositive();
    }

    @Test
    void failedCancelledAndTimedOutTasksAreCountedByState() throws Exception {
        double failed = ended(Ended.FAILED);
        double killed = ended(Ended.KILLED);
        double timedOut = ended(Ended.TIMED_OUT);

        TaskFuture<Integer> throwing = tasks.submit(() -> {
            throw new IllegalStateException("on purpose");
        });
        assertThatThrownBy(() -> throwing.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(ended(Ended.FAILED) - failed).isEqualTo(1);

        TaskFuture<Integer> sleeper = tasks.submit(() -> {
            Thread.sleep(60_000);
            return 1;
        });
        // While it runs, it is counted as running.
        await(() -> gauge(SchedulerMetrics.TASKS_RUNNING) >= 1
                && scheduler.task(sleeper.taskId()).map(v -> v.mesosState() != null).orElse(false), "the sleeper running");
        sleeper.cancel(true);
        assertThatThrownBy(() -> sleeper.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        // The future is cancelled at once, on this thread; the scheduler's loop counts the kill right after.
        await(() -> ended(Ended.KILLED) - killed == 1, "the cancelled task counted as killed");

        TaskOptions oneSecond = tasks.defaultOptions().withTimeout(Duration.ofSeconds(1)).withMaxRetries(0);
        TaskFuture<Integer> slow = tasks.submit(() -> {
            Thread.sleep(60_000);
            return 1;
        }, oneSecond);
        assertThatThrownBy(() -> slow.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("timeout");
        assertThat(ended(Ended.TIMED_OUT) - timedOut).isEqualTo(1);
        assertThat(ended(Ended.FAILED) - failed).isEqualTo(1); // a timeout is not counted as failed too
    }

    @Test
    void offersNothingUsesAreDeclinedWithTheReason() throws Exception {
        // Counted before the submit: an offer held since before it may end its hold while the executor starts
        // (the hold is 2 s; a loaded machine's cold start can take longer), and the scheduler, idle, then suppresses
        // offers, so that the task's resources do not come back in an offer. Whichever way it goes, one offer
        // nothing is queued for is held, then declined, after this line.
        double nothingQueued = count(SchedulerMetrics.OFFERS_DECLINED, "reason", "nothing_queued");
        assertThat(tasks.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        await(() -> count(SchedulerMetrics.OFFERS_DECLINED, "reason", "nothing_queued") > nothingQueued,
                "an offer declined for want of tasks");
        // Every offer received is accounted for once: accepted, declined, rescinded, voided, or held now. The
        // counters move on the scheduler's loop and the gauge after its batch, so the sums meet at a batch's end.
        await(() -> count(SchedulerMetrics.OFFERS_RECEIVED) == count(SchedulerMetrics.OFFERS_ACCEPTED)
                + sum(SchedulerMetrics.OFFERS_DECLINED) + count(SchedulerMetrics.OFFERS_RESCINDED)
                + count(SchedulerMetrics.OFFERS_VOIDED) + gauge(SchedulerMetrics.OFFERS_HELD),
                "offers received = accepted + declined + rescinded + voided + held");
    }

    @Test
    void aScrapeOfTheRegistryPassesPromtool(@TempDir Path dir) throws Exception {
        assertThat(tasks.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        PrometheusMeterRegistry prometheus = (PrometheusMeterRegistry) meters;
        String scrape = prometheus.scrape();
        assertThat(scrape).contains("ferry_tasks_ended_total{state=\"finished\"}",
                "ferry_tasks_queue_wait_seconds_bucket{le=\"0.001\"}", "ferry_tasks_round_trip_seconds_count",
                "ferry_tasks_payload_in_flight_bytes", "ferry_mesos_since_last_event_seconds",
                "ferry_offers_declined_total{reason=\"nothing_fits\"}", "ferry_mesos_calls_seconds_count{",
                "ferry_executor_file_fetches_total{file=\"jar\"}", "ferry_mesos_subscribed 1");
        assertThat(scrape).doesNotContain(scheduler.tasks().get(0).id()); // no task id in any tag

        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " is not installed (Debian package"
                + " prometheus): the scrape is not checked by promtool");
        Path file = dir.resolve("scrape.txt");
        Files.writeString(file, scrape, StandardCharsets.UTF_8);
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool ends within a minute").isTrue();
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ferryProblems(out)).as("promtool's complaints about ferry_ metrics:\n" + out).isEmpty();
    }

    /** promtool's lines about Ferry's own metrics (the JVM's and Tomcat's are Micrometer's business). */
    static List<String> ferryProblems(String promtoolOutput) {
        return promtoolOutput.lines().filter(l -> l.startsWith("ferry_")).toList();
    }

    private double count(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private double sum(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private double ended(Ended state) {
        return count(SchedulerMetrics.TASKS_ENDED, "state", state.tag());
    }

    private long calls(String type, String outcome) {
        Timer t = meters.find(SchedulerMetrics.CALLS).tags("type", type, "outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    private Timer timer(String name) {
        return meters.get(name).timer();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
