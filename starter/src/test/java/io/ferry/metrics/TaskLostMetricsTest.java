package io.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.SchedulerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A task that takes its executor with it ({@code System.exit}), through the local cluster: retried once on a new
 * executor, then counted as lost. In a context of its own, closed afterwards, so that the executors it kills are no
 * other test's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=1", "ferry.local.cpus=2", "ferry.local.mem-mb=2048"})
@DirtiesContext
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TaskLostMetricsTest {

    @Autowired
    TaskService tasks;
    @Autowired
    MeterRegistry meters;

    @Test
    void aTaskWhoseExecutorDiesIsRetriedThenLost() throws Exception {
        assertThat(tasks.submit(() -> "warm").get(90, TimeUnit.SECONDS)).isEqualTo("warm");
        double executorsLaunched = count(SchedulerMetrics.EXECUTORS_LAUNCHED);
        assertThat(executorsLaunched).isEqualTo(1);

        TaskFuture<String> exits = tasks.submit(() -> {
            System.exit(3);
            return "never";
        }, tasks.defaultOptions().withMaxRetries(1));
        assertThatThrownBy(() -> exits.get(90, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

        assertThat(count(SchedulerMetrics.TASKS_RETRIES)).isEqualTo(1);
        assertThat(count(SchedulerMetrics.TASKS_ENDED, "state", "lost")).isEqualTo(1);
        assertThat(count(SchedulerMetrics.TASKS_ENDED, "state", "failed")).isZero();
        // The first attempt ran in the warm executor and took it down; the retry needed a new one, and so does the
        // next task.
        assertThat(count(SchedulerMetrics.TASKS_LAUNCHED)).isEqualTo(3);
        assertThat(count(SchedulerMetrics.EXECUTORS_LAUNCHED)).isEqualTo(2);
        assertThat(tasks.submit(() -> "ok").get(90, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(count(SchedulerMetrics.EXECUTORS_LAUNCHED)).isEqualTo(3);
    }

    private double count(String name, String... tags) {
        return meters.counter(name, tags).count();
    }
}
