package io.ferry.web;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerState;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/cluster}: the scheduler's state (connection, offers, executors); the tasks' API is in web.tasks. */
@JsonApi
@RestController
@RequestMapping("/api")
class ClusterApiController {

    private final FerryScheduler scheduler;

    ClusterApiController(FerryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @GetMapping("/cluster")
    SchedulerState cluster() {
        return scheduler.state();
    }
}
