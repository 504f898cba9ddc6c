package io.ferry.web;

import io.ferry.samples.SampleLauncher;
import io.ferry.samples.SampleRequest;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/samples}: launches sample tasks, answers 202 with their ids. */
@RestController
class SampleApiController {

    private final SampleLauncher launcher;

    SampleApiController(SampleLauncher launcher) {
        this.launcher = launcher;
    }

    @PostMapping("/api/samples")
    ResponseEntity<Map<String, List<String>>> launch(@Valid @RequestBody SampleRequest request) {
        return ResponseEntity.accepted().body(Map.of("ids", launcher.launch(request)));
    }
}
