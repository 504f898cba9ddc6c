package io.ferry.web;

import io.ferry.api.TaskService;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerState;
import io.ferry.scheduler.TaskView;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The JSON API over tasks: list, look up, cancel; and the scheduler's state. */
@RestController
@RequestMapping("/api")
class TaskApiController {

    private final TaskService tasks;
    private final FerryScheduler scheduler;

    TaskApiController(TaskService tasks, FerryScheduler scheduler) {
        this.tasks = tasks;
        this.scheduler = scheduler;
    }

    /** Newest first; {@code limit} bounds the answer (default 200, at most 10,000). */
    @GetMapping("/tasks")
    List<TaskView> list(@RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new BadRequestException("limit", "must be between 1 and 10000");
        }
        return tasks.tasks().stream()
                .sorted(Comparator.comparing(TaskView::submitted).reversed().thenComparing(TaskView::id))
                .limit(limit)
                .toList();
    }

    @GetMapping("/tasks/{id}")
    TaskView task(@PathVariable String id) {
        return tasks.task(id).orElseThrow(() -> new NotFoundException("no task " + id));
    }

    /** Cancels a task: a queued one never runs, a running one is killed on its agent. */
    @DeleteMapping("/tasks/{id}")
    ResponseEntity<Map<String, String>> cancel(@PathVariable String id) {
        if (tasks.task(id).isEmpty()) {
            throw new NotFoundException("no task " + id);
        }
        if (!tasks.cancel(id)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("id", id, "status", "already finished"));
        }
        return ResponseEntity.accepted().body(Map.of("id", id, "status", "cancelling"));
    }

    @GetMapping("/cluster")
    SchedulerState cluster() {
        return scheduler.state();
    }
}
