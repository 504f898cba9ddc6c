package io.ferry.web.overview;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.scheduler.AgentView;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.OfferView;
import io.ferry.scheduler.SchedulerState;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code /api/overview} sums up one published state: agents with what they hold in offers, tasks by phase. */
@WebMvcTest(controllers = OverviewApiController.class)
@AutoConfigureMockMvc(addFilters = false)
class OverviewApiTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    FerryScheduler scheduler;

    @Test
    void theOverviewSumsUpTheState() throws Exception {
        when(scheduler.state()).thenReturn(new SchedulerState("SUBSCRIBED", null, "fw-1", 15,
                "http://127.0.0.1:5050/api/v1/scheduler",
                List.of(offer("o1", "S1", 1.5, 1000), offer("o2", "S1", 0.5, 24), offer("o3", "S2", 4, 4096)),
                List.of(),
                List.of(new ExecutorPlace("ferry-a", "S1", "h1:5051", "/d1", 1, T, null, null, 3, null),
                        new ExecutorPlace("ferry-a", "S2", "h2:5051", "/d2", 2, T, 9, "was killed", 1, T)),
                List.of(), 5, 4, List.of(),
                List.of(new AgentView("S1", "h1", "h1:5051", 4, 4096), new AgentView("S2", "h2", "h2:5051", 4, 4096),
                        new AgentView("S3", "h3", null, 8, 8192))));
        when(scheduler.tasks()).thenReturn(List.of(task("a", TaskPhase.RUNNING), task("b", TaskPhase.RUNNING),
                task("c", TaskPhase.SUCCEEDED), task("d", TaskPhase.QUEUED)));
        when(scheduler.bytesInFlight()).thenReturn(12_345L);

        mvc.perform(get("/api/overview"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.connection").value("SUBSCRIBED"))
                .andExpect(jsonPath("$.master").value("http://127.0.0.1:5050/api/v1/scheduler"))
                .andExpect(jsonPath("$.frameworkId").value("fw-1"))
                .andExpect(jsonPath("$.agents.length()").value(3))
                .andExpect(jsonPath("$.agents[0].agentId").value("S1"))
                .andExpect(jsonPath("$.agents[0].totalCpus").value(4.0))
                .andExpect(jsonPath("$.agents[0].freeCpus").value(2.0))
                .andExpect(jsonPath("$.agents[0].freeMemMb").value(1024.0))
                .andExpect(jsonPath("$.agents[0].offersHeld").value(2))
                .andExpect(jsonPath("$.agents[1].freeCpus").value(4.0))
                .andExpect(jsonPath("$.agents[2].freeCpus").value(0.0))
                .andExpect(jsonPath("$.agents[2].endpoint").doesNotExist())
                .andExpect(jsonPath("$.tasks.RUNNING").value(2))
                .andExpect(jsonPath("$.tasks.SUCCEEDED").value(1))
                .andExpect(jsonPath("$.tasks.QUEUED").value(1))
                .andExpect(jsonPath("$.tasks.FAILED").value(0))
                .andExpect(jsonPath("$.queued").value(5))
                .andExpect(jsonPath("$.ready").value(4))
                .andExpect(jsonPath("$.bytesInFlight").value(12345))
                .andExpect(jsonPath("$.executorsRunning").value(1));
    }

    private static OfferView offer(String id, String agent, double cpus, double mem) {
        return new OfferView(id, agent, "h", cpus, mem, List.of(), T, T.plusSeconds(30), null, null);
    }

    private static TaskView task(String id, TaskPhase phase) {
        return new TaskView(id, "t", phase, null, "S1", "ferry-a", 1, T, T, T, null, null, null, null, Map.of(),
                List.of(), 0, null, List.of());
    }
}
