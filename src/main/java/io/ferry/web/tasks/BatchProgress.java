package io.ferry.web.tasks;

import io.ferry.api.TaskService;
import io.ferry.samples.Batch;
import io.ferry.scheduler.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How far the tasks of one launch got: what {@code GET /api/batches/{id}} answers and the batch's progress bar
 * shows. A task the scheduler's history no longer holds (it keeps the last {@code ferry.history.size} finished
 * ones) had finished: it counts as forgotten.
 *
 * @param id        the batch's id
 * @param kind      its sample kind
 * @param created   when it was launched
 * @param total     how many tasks it launched
 * @param done      succeeded
 * @param failed    failed
 * @param cancelled cancelled (killed by an operator or its caller)
 * @param running   launched and not finished
 * @param queued    waiting for an offer (or for a retry)
 * @param forgotten finished so long ago that history no longer has them
 * @param finished  done + failed + cancelled + forgotten
 * @param ids       its task ids, in launch order
 */
public record BatchProgress(String id, String kind, Instant created, int total, int done, int failed, int cancelled,
                            int running, int queued, int forgotten, int finished, List<String> ids) {

    static BatchProgress of(Batch batch, TaskService tasks) {
        int done = 0;
        int failed = 0;
        int cancelled = 0;
        int running = 0;
        int queued = 0;
        int forgotten = 0;
        for (String taskId : batch.taskIds()) {
            Optional<TaskView> task = tasks.task(taskId);
            if (task.isEmpty()) {
                forgotten++;
                continue;
            }
            switch (task.get().phase()) {
                case SUCCEEDED -> done++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                case LAUNCHED, RUNNING -> running++;
                case QUEUED -> queued++;
            }
        }
        return new BatchProgress(batch.id(), batch.kind(), batch.created(), batch.taskIds().size(), done, failed,
                cancelled, running, queued, forgotten, done + failed + cancelled + forgotten, batch.taskIds());
    }

    /** The share of the bar a count takes, in percent (one decimal), for the progress bar's segments. */
    public String percent(int count) {
        return total == 0 ? "0" : String.format(Locale.ROOT, "%.1f", 100.0 * count / total);
    }
}
