package io.ferry.web.tasks;

import io.ferry.samples.Batch;
import io.ferry.samples.SampleLauncher;
import io.ferry.samples.SampleRequest;
import io.ferry.web.JsonApi;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/samples}: launches sample tasks as one batch; answers 202 with the batch's id and the task ids,
 * and the batch's progress at {@code Location}.
 */
@JsonApi
@RestController
class SampleApiController {

    /** {@code {"batch": "b3", "ids": ["t…-1", …]}}. */
    record Launched(String batch, List<String> ids) {
    }

    private final SampleLauncher launcher;

    SampleApiController(SampleLauncher launcher) {
        this.launcher = launcher;
    }

    @PostMapping("/api/samples")
    ResponseEntity<Launched> launch(@Valid @RequestBody SampleRequest request) {
        Batch batch = launcher.launch(request);
        return ResponseEntity.accepted().location(URI.create("/api/batches/" + batch.id()))
                .body(new Launched(batch.id(), batch.taskIds()));
    }
}
