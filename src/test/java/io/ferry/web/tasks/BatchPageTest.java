package io.ferry.web.tasks;

import static io.ferry.web.tasks.TaskPageBeans.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.api.TaskService;
import io.ferry.samples.Batch;
import io.ferry.samples.SampleLauncher;
import io.ferry.samples.SampleRequest;
import io.ferry.scheduler.TaskHistory;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** {@code /tasks?batch=…}: the batch's progress bar and counts above its tasks, and nothing else's. */
@WebMvcTest(controllers = TaskListController.class, includeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = TaskPageBeans.SECURITY))
@Import(TaskPageBeans.class)
class BatchPageTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class History {
        @Bean
        TaskHistory history() {
            TaskHistory history = TaskHistory.create(1000);
            history.succeeded(OPTIONS.withName("not-in-the-batch"), Instant.now().minusSeconds(5), "x");
            return history;
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    SampleLauncher launcher;
    @Autowired
    TaskService tasks;

    private String page(String url) throws Exception {
        return mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void aBatchShowsItsProgressAndOnlyItsTasks() throws Exception {
        // Queued for good: this scheduler has no master. One is cancelled, so that the bar has a finished part.
        Batch batch = launcher.launch(new SampleRequest("sleep", 4, null, 1.0, null, null, null));
        assertThat(tasks.cancel(batch.taskIds().get(0))).isTrue();
        TaskFutures.awaitPhase(tasks, batch.taskIds().get(0), "CANCELLED");

        String html = page("/tasks?batch=" + batch.id());
        assertThat(html).contains("id=\"batch-progress\"").contains("Batch <code>" + batch.id() + "</code>")
                .contains("<span data-live=\"batch.finished\">1</span> of")
                .contains("<span data-live=\"batch.total\">4</span> finished")
                .contains("<span data-live=\"batch.queued\">3</span> queued")
                .contains("<span data-live=\"batch.cancelled\">1</span> cancelled")
                .contains("aria-valuemax=\"4\"").contains("aria-valuenow=\"1\"")
                .contains("style=\"width: 25.0%\"")
                .contains("href=\"/api/batches/" + batch.id() + "\"")
                .contains("4</span> task(s)").doesNotContain("not-in-the-batch");
        // What the page's script reads to keep the progress and the rows live, and the script itself.
        assertThat(html).contains("data-batch-api=\"/api/batches/" + batch.id() + "\"")
                .contains("data-tasks-api=\"/api/tasks?batch=" + batch.id() + "\"")
                .contains("data-task-link=\"/tasks/\"").contains("data-bar=\"done\"")
                .contains("<script type=\"module\" src=\"/assets/tasks.js\"></script>");
        for (String id : batch.taskIds()) {
            assertThat(html).contains("href=\"/tasks/" + id + "\"");
        }
    }

    @Test
    void anUnknownBatchListsNothingAndShowsNoProgress() throws Exception {
        // The list's script stays off a batch's page (no event stream to follow; the batch's part is not there).
        assertThat(page("/tasks?batch=b999")).doesNotContain("id=\"batch-progress\"").contains("No tasks here.")
                .doesNotContain("data-events=");
    }
}
