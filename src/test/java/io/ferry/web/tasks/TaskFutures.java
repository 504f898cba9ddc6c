package io.ferry.web.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import java.time.Duration;

/** Waits, bounded, for what the scheduler's loop does after a call returns (a cancel is posted to it). */
final class TaskFutures {

    private TaskFutures() {
    }

    /** Until the task's published view is in {@code phase}; fails after 10 s. */
    static void awaitPhase(TaskService tasks, String id, String phase) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!tasks.task(id).map(t -> t.phase().name().equals(phase)).orElse(false)) {
            assertThat(System.nanoTime()).as("task %s reaches %s", id, phase).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
