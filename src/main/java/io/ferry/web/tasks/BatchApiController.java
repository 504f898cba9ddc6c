package io.ferry.web.tasks;

import io.ferry.api.TaskService;
import io.ferry.samples.Batches;
import io.ferry.web.JsonApi;
import io.ferry.web.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/batches/{id}}: how far the tasks of one launch got, and their ids. */
@JsonApi
@RestController
class BatchApiController {

    private final Batches batches;
    private final TaskService tasks;

    BatchApiController(Batches batches, TaskService tasks) {
        this.batches = batches;
        this.tasks = tasks;
    }

    @GetMapping("/api/batches/{id}")
    BatchProgress batch(@PathVariable String id) {
        return batches.get(id).map(batch -> BatchProgress.of(batch, tasks))
                .orElseThrow(() -> new NotFoundException(id, "no batch " + id
                        + " (the app remembers its last 1000 launches, since it started)"));
    }
}
