package io.ferry.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.scheduler.FailingExecutor;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.task.TaskFailure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An executor that cannot start at all ({@code ferry.executor.java-opts=-XX:+NoSuchFlag}: the JVM refuses the
 * option and exits 1 before Ferry's code runs), for real, through a local cluster of two agents: each agent's
 * crash loop is reported once, with the JVM's own complaint; tasks stop burning their retries once no agent can
 * start the executor, and fail saying why.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(OutputCaptureExtension.class)
class ExecutorCrashLoopTest {

    private static final String COMPLAINT = "Unrecognized VM option 'NoSuchFlag'";

    @TempDir
    Path work;

    @Test
    void anExecutorThatCannotStartIsReportedOnceAndTasksFailSayingWhy(CapturedOutput output) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterSettings.defaults(work.resolve("mesos"))
                .withAgents(2, 4, 4096, 10_240));
             ConfigurableApplicationContext app = ExternalClusterApp.start(cluster.masterUrl(), work.resolve("state"),
                     "--ferry.executor.java-opts=-XX:+NoSuchFlag")) {
            TaskService tasks = app.getBean(TaskService.class);
            FerryScheduler scheduler = app.getBean(FerryScheduler.class);

            TaskFuture<String> patient = tasks.submit(() -> "never", tasks.defaultOptions().withMaxRetries(20));
            String message = failureOf(patient);
            System.out.println("crash-loop failure message:\n" + message);
            assertThat(message)
                    .contains("Ferry's executor cannot start on any agent")
                    .contains("TASK_FAILED (REASON_EXECUTOR_TERMINATED) from SOURCE_AGENT")
                    .contains("exited with code 1 (lost the agent, or the JVM could not start) before it said hello")
                    .containsPattern("stderr /frameworks/\\S+/executors/ferry-\\w+/runs/latest/stderr on "
                            + "127\\.0\\.0\\.1:\\d+, last lines:")
                    .contains("| " + COMPLAINT);
            TaskView view = tasks.task(patient.taskId()).orElseThrow();
            // Three failed starts per agent at most, then no retry is burned: far fewer than the 21 it may have.
            assertThat(view.attempts()).isBetween(3, 6);
            assertThat(view.phase()).isEqualTo(TaskPhase.FAILED);
            assertThat(view.started()).isNotNull();

            List<FailingExecutor> failing = scheduler.state().failingExecutors();
            assertThat(failing).hasSize(2).allSatisfy(f -> {
                assertThat(f.failedStarts()).isGreaterThanOrEqualTo(3);
                assertThat(f.backingOff()).isTrue();
                assertThat(f.retryAt()).isNotNull();
                assertThat(f.lastExit()).isEqualTo("exited with code 1 (lost the agent, or the JVM could not start)");
                assertThat(f.stderrTail()).contains(COMPLAINT);
                assertThat(f.stderrPath()).endsWith("/runs/latest/stderr");
            });
            // Reported once per agent, as such (each death is logged too, but the crash loop once).
            for (FailingExecutor f : failing) {
                assertThat(count(output.getAll(), "failed to start 3 times in a row on agent " + f.agentId()))
                        .as("crash-loop reports for agent %s", f.agentId()).isEqualTo(1);
            }

            // A task submitted now does not wait for a backoff window to end: it fails at once, saying why.
            long submitted = System.nanoTime();
            TaskFuture<String> late = tasks.submit(() -> "never either");
            String lateMessage = failureOf(late);
            System.out.println("queued-task failure message:\n" + lateMessage);
            assertThat((System.nanoTime() - submitted) / 1_000_000).as("ms to fail").isLessThan(10_000);
            assertThat(lateMessage).contains("was never launched: Ferry's executor cannot start on any agent")
                    .contains("the last start: executor ferry-").contains("| " + COMPLAINT);
            assertThat(tasks.task(late.taskId()).orElseThrow().attempts()).isZero();

            // Both are counted as Ferry's error (it could not run them), neither as lost; the first was retried.
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            assertThat(meters.counter(SchedulerMetrics.TASKS_ENDED, "state", "error").count()).isEqualTo(2);
            assertThat(meters.counter(SchedulerMetrics.TASKS_ENDED, "state", "lost").count()).isZero();
            assertThat(meters.counter(SchedulerMetrics.TASKS_RETRIES).count()).isGreaterThanOrEqualTo(2);
        }
    }

    private static String failureOf(TaskFuture<String> future) {
        Throwable thrown = catchThrowable(() -> future.get(120, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailure.class);
        return thrown.getCause().getMessage();
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
