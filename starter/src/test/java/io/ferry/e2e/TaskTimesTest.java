package io.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The times a task's view tells, through the local cluster. */
@LocalModeTest
class TaskTimesTest {

    @Autowired
    TaskService tasks;

    /**
     * The executor reports TASK_RUNNING only for a task that runs longer than a moment (FERRY_RUNNING_UPDATE_DELAY,
     * 25ms): a quick one goes straight to TASK_FINISHED. It still started, when that first update came.
     */
    @Test
    void aTaskThatFinishesWithoutReportingRunningHasItsStartedTime() throws Exception {
        TaskFuture<Integer> quick = tasks.submit(() -> 6 * 7);
        assertThat(quick.get(90, TimeUnit.SECONDS)).isEqualTo(42);

        TaskView view = tasks.task(quick.taskId()).orElseThrow();
        assertThat(view.phase()).isEqualTo(TaskPhase.SUCCEEDED);
        assertThat(view.mesosState()).isEqualTo("TASK_FINISHED");
        assertThat(view.started()).as("started of %s", view).isNotNull()
                .isAfterOrEqualTo(view.launched()).isBeforeOrEqualTo(view.finished());
    }
}
