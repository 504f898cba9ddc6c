package io.ferry.web.tasks;

import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskOutputFiles;
import io.ferry.scheduler.TaskView;
import io.ferry.web.ConflictException;
import io.ferry.web.JsonApi;
import io.ferry.web.NotFoundException;
import io.ferry.web.ReadParameters;
import io.ferry.web.TextChunk;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The JSON API over tasks: a page of them, one with its status updates, what one wrote, and killing one. */
@JsonApi
@RestController
@RequestMapping("/api/tasks")
class TaskApiController {

    /** The answer to a kill: {@code {"id": "…", "status": "killing"}}. */
    record Killing(String id, String status) {
    }

    private final TaskService tasks;
    private final TaskOutput output;

    TaskApiController(TaskService tasks, TaskOutput output) {
        this.tasks = tasks;
        this.output = output;
    }

    /** {@code ?state=&q=&batch=&page=&size=}: a page of tasks, unfinished first, then newest first. */
    @GetMapping
    TaskListPage list(@Valid TaskFilter filter) {
        return TaskListPage.find(tasks, filter);
    }

    @GetMapping("/{id}")
    TaskView task(@PathVariable String id) {
        return tasks.task(id).orElseThrow(() -> unknown(id));
    }

    /**
     * What attempt {@code attempt} of the task (its latest unless told) wrote to {@code stream} (stdout or stderr):
     * without {@code offset} its last {@code length} bytes (64 KiB unless told), else from {@code offset} on; empty
     * for a task that wrote nothing (yet); 404 when the sandbox that had it is gone.
     */
    @GetMapping("/{id}/output")
    TextChunk output(@PathVariable String id, @RequestParam(required = false) String stream,
                     @RequestParam(required = false) String offset, @RequestParam(required = false) String length,
                     @RequestParam(required = false) String attempt) {
        TaskOutputFiles.Stream which = TaskOutput.stream(stream);
        Long from = ReadParameters.offset(offset);
        int bytes = ReadParameters.length(length);
        TaskView task = task(id);
        int n = TaskOutput.attempt(task, attempt);
        return from == null ? output.tail(task, n, which, bytes) : output.read(task, n, which, from, bytes);
    }

    /** Kills a task: a queued one never runs, a running one is killed on its agent. 409 once it has finished. */
    @PostMapping("/{id}/kill")
    ResponseEntity<Killing> kill(@PathVariable String id) {
        return switch (KillOutcome.kill(tasks, id)) {
            case KILLING -> ResponseEntity.accepted().body(new Killing(id, "killing"));
            case FINISHED -> throw new ConflictException(id, "task " + id + " has already finished ("
                    + tasks.task(id).map(t -> t.phase().name()).orElse("and is forgotten") + ")");
            case UNKNOWN -> throw unknown(id);
        };
    }

    /** The same as {@code POST /api/tasks/{id}/kill}. */
    @DeleteMapping("/{id}")
    ResponseEntity<Killing> cancel(@PathVariable String id) {
        return kill(id);
    }

    private static NotFoundException unknown(String id) {
        return new NotFoundException(id, "no task " + id);
    }
}
