package io.ferry.web.tasks;

import static io.ferry.web.tasks.TaskPageBeans.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskHistory;
import io.ferry.scheduler.TaskQuery;
import io.ferry.scheduler.TaskView;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** {@code /tasks}: columns, links, times, escaping, the state filter and its counts, search, paging, bad values. */
@WebMvcTest(controllers = TaskListController.class, includeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = TaskPageBeans.SECURITY))
@Import(TaskPageBeans.class)
class TaskListPageTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class History {
        @Bean
        TaskHistory history() {
            TaskHistory history = TaskHistory.create(1000);
            Instant tenMinutesAgo = Instant.now().minusSeconds(600);
            for (int i = 0; i < 60; i++) {
                history.succeeded(OPTIONS.withName("sample-hello"), tenMinutesAgo.plusMillis(i), "hi" + i);
            }
            history.succeeded(OPTIONS.withName("report").withLabels(Map.of("team", "billing")),
                    tenMinutesAgo.plusSeconds(60), "42");
            history.failed(OPTIONS.withName("sample-fail"), tenMinutesAgo.plusSeconds(70),
                    new IllegalStateException("boom"));
            history.succeeded(OPTIONS.withName("<script>alert(1)</script>"), tenMinutesAgo.plusSeconds(80), "x");
            history.running(OPTIONS.withName("long-one"), tenMinutesAgo.minusSeconds(3600));
            return history;
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TaskService tasks;

    private String page(String url) throws Exception {
        return html(get(url));
    }

    private String html(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private TaskView named(String name) {
        return tasks.tasks(new TaskQuery(Set.of(), name, null, null, 0, 1)).items().get(0);
    }

    @Test
    void showsEachTaskWithItsLinksStateAgentExecutorAttemptAndTimes() throws Exception {
        String html = page("/tasks");
        TaskView report = named("report");

        assertThat(html).contains("<h1>Tasks</h1>").contains("64</span> task(s)")
                .contains("href=\"/tasks/" + report.id() + "\"")
                .contains("href=\"/executors/" + TaskHistory.EXECUTOR + "?agent=" + TaskHistory.AGENT + "\"")
                .contains(TaskHistory.AGENT)
                .contains("class=\"state-SUCCEEDED\">SUCCEEDED</td>")
                .containsPattern("<time class=\"ago\" datetime=\"" + Pattern.quote(report.submitted().toString())
                        + "\"\\s+title=\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC\">9 min ago</time>")
                // queued 300 ms, running 500 ms, 1.4 s in all (TaskHistory's timings)
                .contains("<td>300 ms</td>", "<td>500 ms</td>", "<td>1.4 s</td>");
        // The running task comes first, however old; the navigation bar marks the page.
        assertThat(html.indexOf("long-one")).isLessThan(html.indexOf("report"));
        assertThat(html).containsPattern("href=\"/tasks\" class=\"active\"");
    }

    @Test
    void aNameIsEscaped() throws Exception {
        String html = page("/tasks");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
    }

    @Test
    void theStateFilterKeepsOnePhaseAndEveryPhaseIsCounted() throws Exception {
        String html = page("/tasks?state=failed");
        assertThat(html).contains("sample-fail").doesNotContain("report").contains("1</span> task(s)")
                .contains("RUNNING</span> (<span\n        data-live=\"list.byPhase.RUNNING\">1</span>)")
                .contains("SUCCEEDED</span> (<span\n        data-live=\"list.byPhase.SUCCEEDED\">62</span>)")
                .contains("All\n      (<span data-live=\"list.all\">64</span>)");
        assertThat(page("/tasks?state=active")).contains("long-one").doesNotContain("sample-fail");
        assertThat(page("/tasks?state=Running,FAILED")).contains("long-one").contains("sample-fail")
                .doesNotContain("report");
    }

    @Test
    void searchFindsByIdNameOrLabel() throws Exception {
        TaskView report = named("report");
        assertThat(page("/tasks?q=billing")).contains("report").doesNotContain("sample-hello");
        assertThat(html(get("/tasks").param("q", "team=billing"))).contains("report").contains("1</span> task(s)")
                .contains("href=\"/tasks?state=succeeded&amp;q=team%3Dbilling\"");
        assertThat(page("/tasks?q=" + report.id())).contains("report").contains("1</span> task(s)");
        assertThat(page("/tasks?q=nothing-like-it")).contains("No tasks here.");
    }

    @Test
    void pagesHaveLinksThatKeepTheFilter() throws Exception {
        String second = page("/tasks?q=sample&size=10&page=2");
        assertThat(second).contains("61</span> task(s)")
                .contains(", page <span>2</span> of\n    <span data-live=\"list.pages\">7</span>")
                .contains("href=\"/tasks?q=sample&amp;page=3&amp;size=10\" rel=\"next\"")
                .contains("href=\"/tasks?q=sample&amp;size=10\" rel=\"prev\"")
                .contains("href=\"/tasks?q=sample&amp;page=7&amp;size=10\" rel=\"last\"");
        assertThat(rows(second)).isEqualTo(10);
        assertThat(rows(page("/tasks?q=sample&size=10&page=7"))).isEqualTo(1);
    }

    /**
     * Rows move by themselves only on the first page of the whole list or of a state filter; a later page or a
     * search keeps still for its reader (its script only says that tasks changed).
     */
    @Test
    void onlyTheFirstPageWithoutASearchHasMovingRows() throws Exception {
        assertThat(page("/tasks")).contains("data-live-list=\"rows\"").contains("data-events=\"/api/events\"")
                .contains("<script type=\"module\" src=\"/assets/tasks.js\"></script>")
                .contains("<div class=\"table-scroll\">");
        assertThat(page("/tasks?state=succeeded")).contains("data-live-list=\"rows\"");
        assertThat(page("/tasks?size=10&page=2")).contains("data-live-list=\"banner\"")
                .contains("id=\"list-changed\"");
        assertThat(page("/tasks?q=sample")).contains("data-live-list=\"banner\"");
    }

    private static int rows(String html) {
        Matcher m = Pattern.compile("<tr data-id=\"[^\"]+\">\\s*<td title=\"[^\"]+\"><a href=\"/tasks/").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void badValuesGetA400NamingTheField() throws Exception {
        String state = mvc.perform(get("/tasks?state=bogus")).andExpect(status().isBadRequest()).andReturn()
                .getResponse().getContentAsString();
        assertThat(state).contains("<span class=\"field-error\">must be one or more of queued, launched");
        assertThat(mvc.perform(get("/tasks?size=abc")).andExpect(status().isBadRequest()).andReturn().getResponse()
                .getContentAsString()).contains("<span class=\"field-error\">must be a whole number from 1 to 500</span>")
                .contains("value=\"abc\"");
        assertThat(mvc.perform(get("/tasks?page=0")).andExpect(status().isBadRequest()).andReturn().getResponse()
                .getContentAsString()).contains("page: must be a whole number from 1 to 9999999");
    }
}
