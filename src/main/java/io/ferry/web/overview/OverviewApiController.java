package io.ferry.web.overview;

import io.ferry.scheduler.AgentView;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.OfferView;
import io.ferry.scheduler.SchedulerState;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.web.JsonApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/overview}: one snapshot of the scheduler's state, summed up. */
@RestController
@JsonApi
class OverviewApiController {

    private final FerryScheduler scheduler;

    OverviewApiController(FerryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @GetMapping("/api/overview")
    Overview overview() {
        SchedulerState state = scheduler.state();
        Map<String, Long> byPhase = new LinkedHashMap<>();
        for (TaskPhase phase : TaskPhase.values()) {
            byPhase.put(phase.name(), 0L);
        }
        for (TaskView task : scheduler.tasks()) {
            byPhase.merge(task.phase().name(), 1L, Long::sum);
        }
        int running = (int) state.executors().stream().filter(ExecutorPlace::running).count();
        return new Overview(state.connection(), state.lastError(), state.master(), state.frameworkId(),
                agents(state), byPhase, state.queued(), state.ready(), scheduler.bytesInFlight(), running);
    }

    private static List<Overview.Agent> agents(SchedulerState state) {
        List<Overview.Agent> agents = new ArrayList<>(state.agents().size());
        for (AgentView agent : state.agents()) {
            double cpus = 0;
            double mem = 0;
            int held = 0;
            for (OfferView offer : state.offers()) {
                if (offer.agentId().equals(agent.agentId())) {
                    cpus += offer.cpus();
                    mem += offer.memMb();
                    held++;
                }
            }
            agents.add(new Overview.Agent(agent.agentId(), agent.hostname(), agent.endpoint(), agent.cpus(),
                    agent.memMb(), cpus, mem, held));
        }
        return agents;
    }
}
