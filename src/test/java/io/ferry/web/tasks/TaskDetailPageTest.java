package io.ferry.web.tasks;

import static io.ferry.web.tasks.TaskPageBeans.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskHistory;
import io.ferry.scheduler.TaskQuery;
import io.ferry.scheduler.TaskView;
import io.ferry.task.Task;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code /tasks/{id}}: status updates, timings, result or failure (remote class, message, causes, trace), the kill
 * button and who may press it, the place for the task's output, and the 404 page.
 */
@WebMvcTest(controllers = TaskDetailController.class, includeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = TaskPageBeans.SECURITY))
@Import(TaskPageBeans.class)
class TaskDetailPageTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class History {
        @Bean
        TaskHistory history() {
            TaskHistory history = TaskHistory.create(1000);
            Instant minuteAgo = Instant.now().minusSeconds(60);
            history.succeeded(OPTIONS.withName("hello"), minuteAgo, "hi3");
            history.failed(OPTIONS.withName("<b>fails</b>"), minuteAgo,
                    new IllegalStateException("sample failure: <i>task</i> 3", new NumberFormatException(
                            "For input string: \"task 3\"")));
            TaskView running = history.running(OPTIONS.withName("runs"), minuteAgo);
            history.updates(running.id(), 20);
            return history;
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TaskService tasks;

    private TaskView named(String name) {
        return tasks.tasks(new TaskQuery(Set.of(), name, null, null, 0, 1)).items().get(0);
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void aFinishedTaskShowsItsUpdatesTimingsAndResultAndNoKillButton() throws Exception {
        TaskView hello = named("hello");
        String html = page("/tasks/" + hello.id());

        assertThat(html).contains("Task <code>" + hello.id() + "</code>").contains("state-SUCCEEDED")
                .contains("<pre>hi3</pre>")
                .contains("<code>TASK_RUNNING</code>").contains("<code>TASK_FINISHED</code>")
                .contains("<td>SOURCE_EXECUTOR</td>")
                .contains("<dt>Submitted</dt>").contains("<dt>Finished</dt>")
                .contains("<dt>Queued</dt><dd>300 ms</dd>").contains("<dt>Running</dt><dd>500 ms</dd>")
                .contains("<dt>Total</dt><dd>1.4 s</dd>")
                .contains("title=\"").contains("1 min ago</time>")
                .contains("href=\"/executors/" + TaskHistory.EXECUTOR + "?agent=" + TaskHistory.AGENT + "\"")
                // No executor runs here: where the attempt's sandbox is was never told, and the page says so.
                .contains("id=\"task-output\"").contains("<h2>Output of attempt 1</h2>")
                .contains("<p class=\"error\" id=\"task-output-unavailable\">Attempt 1 went to executor "
                        + TaskHistory.EXECUTOR + " on agent " + TaskHistory.AGENT + ", which has not said where its"
                        + " sandbox is (it never started, or its hello was lost).</p>")
                .doesNotContain("id=\"task-stdout-empty\"").doesNotContain("id=\"task-attempts\"")
                .doesNotContain("id=\"kill-form\"").doesNotContain("id=\"failure\"");
    }

    @Test
    void anAttemptTheTaskDidNotHaveIsABadRequest() throws Exception {
        String hello = "/tasks/" + named("hello").id();
        assertThat(page(hello + "?attempt=1")).contains("<h2>Output of attempt 1</h2>");
        for (String attempt : new String[] {"0", "2", "x", "-1"}) {
            mvc.perform(get(hello).param("attempt", attempt)).andExpect(status().isBadRequest());
        }
    }

    @Test
    void aFailureShowsTheRemoteClassMessageCausesAndTraceEscaped() throws Exception {
        String html = page("/tasks/" + named("fails").id());

        assertThat(html).contains("id=\"failure\"")
                .contains("<code class=\"error\">java.lang.IllegalStateException</code>")
                .contains("(thrown by the task on its agent)")
                .contains("sample failure: &lt;i&gt;task&lt;/i&gt; 3")
                .contains("<code>java.lang.NumberFormatException: For input string: &quot;task 3&quot;</code>")
                .contains("Caused by: java.lang.NumberFormatException")
                .contains("&lt;b&gt;fails&lt;/b&gt;").doesNotContain("<b>fails</b>").doesNotContain("<i>task</i>")
                .contains("<code>TASK_FAILED</code>");
    }

    @Test
    void aRunningTaskHasAKillFormWithItsCsrfTokenAndItsLastSixteenUpdates() throws Exception {
        String html = page("/tasks/" + named("runs").id());
        assertThat(html).contains("id=\"kill-form\"")
                .contains("action=\"/tasks/" + named("runs").id() + "/kill\"")
                .containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"")
                .contains("The last <span>16</span> of <span>21</span>.")
                .contains(">update 4<").contains(">update 19<").doesNotContain(">update 3<");
    }

    @Test
    void anUnknownTaskIsA404Page() throws Exception {
        String html = mvc.perform(get("/tasks/no-such-task")).andExpect(status().isNotFound()).andReturn()
                .getResponse().getContentAsString();
        assertThat(html).contains("No such task").contains("<code>no-such-task</code>");
    }

    @Test
    void killingNeedsTheOperatorAndACsrfToken() throws Exception {
        TaskFuture<String> queued = tasks.submit((Task<String>) () -> "never runs here");
        String kill = "/tasks/" + queued.taskId() + "/kill";

        mvc.perform(post(kill).with(csrf()).accept(MediaType.TEXT_HTML))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        mvc.perform(post(kill).with(csrf())).andExpect(status().isUnauthorized());
        mvc.perform(post(kill).with(user("operator").roles("OPERATOR"))).andExpect(status().isForbidden());
        assertThat(tasks.task(queued.taskId()).orElseThrow().phase().isTerminal()).isFalse();

        mvc.perform(post(kill).with(csrf()).with(user("operator").roles("OPERATOR")))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/tasks/" + queued.taskId()))
                .andExpect(flash().attribute("message", "Killing task " + queued.taskId()));
        assertThat(queued).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .isInstanceOf(CancellationException.class);
        TaskFutures.awaitPhase(tasks, queued.taskId(), "CANCELLED");

        mvc.perform(post(kill).with(csrf()).with(user("operator").roles("OPERATOR")))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("message", "Task " + queued.taskId() + " had already finished"));
        mvc.perform(post("/tasks/no-such-task/kill").with(csrf()).with(user("operator").roles("OPERATOR")))
                .andExpect(status().isNotFound());
    }
}
