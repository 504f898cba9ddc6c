package io.ferry.web.tasks;

import static io.ferry.web.tasks.TaskPageBeans.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskHistory;
import io.ferry.task.TaskOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code /tasks} over a history of 100,000 finished tasks (and a few running ones), put into the scheduler's real
 * registry without running them: what a page, a deep page, a search, a state and a batch cost to render, measured
 * and printed ({@code ferry-tasks-page …} lines), never asserted (a shared machine's timings are not a test's
 * business). What is asserted is that the pages are right.
 */
@WebMvcTest(controllers = {TaskListController.class, TaskApiController.class}, includeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = TaskPageBeans.SECURITY))
@Import(TaskPageBeans.class)
class TasksAtScalePageTest {

    static final int FINISHED = 100_000;
    static final int RUNNING = 20;
    private static final int WARMUP = 30;
    private static final int RUNS = 25;

    /** Heap the filled history holds, per finished task, measured while it was filled. */
    static long bytesPerTask;

    @TestConfiguration(proxyBeanMethods = false)
    static class History {
        @Bean
        TaskHistory history() {
            long before = usedHeapAfterGc();
            TaskHistory history = TaskHistory.create(FINISHED);
            Instant start = Instant.now().minus(Duration.ofHours(3));
            TaskOptions options = null;
            for (int i = 0; i < FINISHED; i++) {
                if (i % 1000 == 0) {
                    // A launch of 1,000 samples: its tasks share their options (and their labels), as a batch's do.
                    options = OPTIONS.withName("sample-hello").withLabels(Map.of("sample", "hello", "batch",
                            "b" + (i / 1000 + 1)));
                }
                Instant at = start.plusMillis(i * 100L);
                if (i % 50 == 7) {
                    history.failed(options, at, new IllegalStateException("sample failure: task " + i,
                            new NumberFormatException("For input string: \"task " + i + "\"")));
                } else if (i % 50 == 8) {
                    history.cancelledQueued(options, at);
                } else {
                    history.succeeded(options, at, "hi" + i);
                }
            }
            bytesPerTask = (usedHeapAfterGc() - before) / FINISHED;
            for (int i = 0; i < RUNNING; i++) {
                history.running(OPTIONS.withName("long-running"), start.minusSeconds(i));
            }
            return history;
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TaskService tasks;

    private String render(String url) throws Exception {
        return mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void pagesOfAHundredThousandTasksAreRightAndTheirRenderTimesArePrinted() throws Exception {
        String first = render("/tasks");
        assertThat(first).contains((FINISHED + RUNNING) + "</span> task(s), page\n    <span>1</span> of <span>"
                + (FINISHED + RUNNING + 49) / 50 + "</span>");
        // Running first, then the newest finished.
        assertThat(first.indexOf("long-running")).isLessThan(first.indexOf("sample-hello"));
        assertThat(first).contains("FAILED</span> (<span>2000</span>)")
                .contains("CANCELLED</span> (<span>2000</span>)").contains("SUCCEEDED</span> (<span>96000</span>)");
        assertThat(render("/tasks?page=2000")).contains("<span>2000</span> of <span>2001</span>");
        assertThat(render("/tasks?q=b42")).contains("1000</span> task(s)");
        assertThat(render("/tasks?state=failed")).contains("2000</span> task(s)");
        assertThat(render("/tasks?batch=b7")).contains("1000</span> task(s)");

        for (int i = 0; i < WARMUP; i++) {
            render("/tasks");
            render("/tasks?page=1000");
        }
        measure("first page", "/tasks");
        measure("page 1000 of 2001", "/tasks?page=1000");
        measure("last page", "/tasks?page=2001");
        measure("search q=hi4242", "/tasks?q=hi4242");
        measure("label q=batch=b42", "/tasks?q=batch%3Db42");
        measure("state=failed", "/tasks?state=failed");
        measure("batch=b7 (1000 tasks)", "/tasks?batch=b7");
        measure("500 per page", "/tasks?size=500");
        measure("GET /api/tasks", "/api/tasks");
        measureQuery("query only: first page", TaskFilter.all());
        measureQuery("query only: page 1000", new TaskFilter(null, null, null, "1000", null));
        System.out.printf(Locale.ROOT, "ferry-tasks-page history=%d heap_per_finished_task≈%d bytes"
                + " load_average=%.1f cpus=%d%n", FINISHED, bytesPerTask,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** The scheduler's query alone, without MVC and Thymeleaf: what the page costs before it is written. */
    private void measureQuery(String what, TaskFilter filter) {
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            assertThat(TaskListPage.find(tasks, filter).items()).hasSize(50);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        print(what, millis);
    }

    private void measure(String what, String url) throws Exception {
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            render(url);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        print(what, millis);
    }

    private static void print(String what, double[] millis) {
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "ferry-tasks-page history=%d what=\"%s\" median_ms=%.1f p90_ms=%.1f"
                + " max_ms=%.1f%n", FINISHED + RUNNING, what, millis[RUNS / 2], millis[RUNS * 9 / 10], millis[RUNS - 1]);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
