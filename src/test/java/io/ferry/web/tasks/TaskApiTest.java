package io.ferry.web.tasks;

import static io.ferry.web.tasks.TaskPageBeans.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.TaskHistory;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskQuery;
import io.ferry.scheduler.TaskView;
import io.ferry.task.Task;
import java.time.Instant;
import java.util.Set;
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
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The JSON API over tasks, launches and batches: pages of tasks, one task with its updates, kills, launching a batch
 * and following it; every error a problem naming the field or the id; changes only for the operator.
 */
@WebMvcTest(controllers = {TaskApiController.class, BatchApiController.class, SampleApiController.class},
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = TaskPageBeans.SECURITY))
@Import(TaskPageBeans.class)
class TaskApiTest {

    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @TestConfiguration(proxyBeanMethods = false)
    static class History {
        @Bean
        TaskHistory history() {
            TaskHistory history = TaskHistory.create(1000);
            Instant minuteAgo = Instant.now().minusSeconds(60);
            for (int i = 0; i < 5; i++) {
                history.succeeded(OPTIONS.withName("sample-hello"), minuteAgo.plusMillis(i), "hi" + i);
            }
            history.failed(OPTIONS.withName("sample-fail"), minuteAgo.plusSeconds(1),
                    new IllegalStateException("boom", new ArithmeticException("/ by zero")));
            return history;
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TaskService tasks;

    /** A finished task of the history (tasks launched by the tests stay queued). */
    private TaskView named(String name) {
        return tasks.tasks(new TaskQuery(Set.of(TaskPhase.SUCCEEDED, TaskPhase.FAILED), name, null, null, 0, 1))
                .items().get(0);
    }

    private ResultActions operator(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(csrf()).with(user("operator").roles("OPERATOR")));
    }

    @Test
    void aPageOfTasksIsAnObjectWithItsItemsPageSizeAndTotal() throws Exception {
        mvc.perform(get("/api/tasks?state=succeeded&size=2&page=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].phase").value("SUCCEEDED"))
                .andExpect(jsonPath("$.items[0].name").value("sample-hello"))
                .andExpect(jsonPath("$.page").value(2))
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.total").value(5))
                .andExpect(jsonPath("$.pages").value(3))
                .andExpect(jsonPath("$.byPhase.FAILED").value(1));
        mvc.perform(get("/api/tasks?q=sample-fail"))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].failureDetail.className").value("java.lang.IllegalStateException"));
    }

    @Test
    void aBadFilterValueIsAProblemNamingTheField() throws Exception {
        mvc.perform(get("/api/tasks?state=bogus")).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.field").value("state"))
                .andExpect(jsonPath("$.detail", startsWith("state: must be one or more of queued")));
        mvc.perform(get("/api/tasks?size=501")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("size"));
        mvc.perform(get("/api/tasks?page=two")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("page"))
                .andExpect(jsonPath("$.detail").value("page: must be a whole number from 1 to 9999999"));
        mvc.perform(get("/api/tasks?q=" + "x".repeat(201))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("q"));
    }

    @Test
    void oneTaskComesWithItsUpdatesAndItsFailure() throws Exception {
        TaskView failed = named("sample-fail");
        mvc.perform(get("/api/tasks/" + failed.id()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(failed.id()))
                .andExpect(jsonPath("$.updates[*].state", contains("TASK_FAILED")))
                .andExpect(jsonPath("$.updates[0].source").value("SOURCE_EXECUTOR"))
                .andExpect(jsonPath("$.updates[0].attempt").value(1))
                .andExpect(jsonPath("$.updates[0].time").isString())
                .andExpect(jsonPath("$.updateCount").value(1))
                .andExpect(jsonPath("$.failureDetail.remote").value(true))
                .andExpect(jsonPath("$.failureDetail.message").value("boom"))
                .andExpect(jsonPath("$.failureDetail.causes[0]").value("java.lang.ArithmeticException: / by zero"))
                .andExpect(jsonPath("$.failure", startsWith("java.lang.IllegalStateException: boom\n\tat ")));
        mvc.perform(get("/api/tasks/" + named("sample-hello").id()))
                .andExpect(jsonPath("$.updates[*].state", contains("TASK_RUNNING", "TASK_FINISHED")))
                .andExpect(jsonPath("$.result").value("hi4"));
    }

    @Test
    void anUnknownTaskIsAProblemNamingItsId() throws Exception {
        mvc.perform(get("/api/tasks/nope")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.id").value("nope"))
                .andExpect(jsonPath("$.detail").value("no task nope"));
    }

    @Test
    void killingAQueuedTaskIs202AFinishedOne409AndAnUnknownOne404ByPostOrDelete() throws Exception {
        TaskFuture<String> first = tasks.submit((Task<String>) () -> "never runs here");
        TaskFuture<String> second = tasks.submit((Task<String>) () -> "never runs here");

        operator(post("/api/tasks/" + first.taskId() + "/kill")).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value(first.taskId()))
                .andExpect(jsonPath("$.status").value("killing"));
        operator(delete("/api/tasks/" + second.taskId())).andExpect(status().isAccepted());
        TaskFutures.awaitPhase(tasks, first.taskId(), "CANCELLED");
        TaskFutures.awaitPhase(tasks, second.taskId(), "CANCELLED");

        String finished = named("sample-hello").id();
        for (MockHttpServletRequestBuilder kill : new MockHttpServletRequestBuilder[] {
                post("/api/tasks/" + finished + "/kill"), delete("/api/tasks/" + finished)}) {
            operator(kill).andExpect(status().isConflict())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.id").value(finished))
                    .andExpect(jsonPath("$.detail").value("task " + finished + " has already finished (SUCCEEDED)"));
        }
        operator(post("/api/tasks/nope/kill")).andExpect(status().isNotFound()).andExpect(jsonPath("$.id").value("nope"));
        operator(delete("/api/tasks/nope")).andExpect(status().isNotFound());
    }

    @Test
    void killingNeedsTheOperator() throws Exception {
        TaskFuture<String> queued = tasks.submit((Task<String>) () -> "never runs here");
        assertThat(mvc.perform(post("/api/tasks/" + queued.taskId() + "/kill").with(csrf())).andReturn()
                .getResponse().getStatus()).isEqualTo(401);
        assertThat(tasks.task(queued.taskId()).orElseThrow().phase().isTerminal()).isFalse();
        queued.cancel(true);
    }

    @Test
    void launchingAnswersTheBatchAndItsIdsAndTheBatchSaysHowFarItGot() throws Exception {
        String body = operator(post("/api/samples").contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"hello\",\"count\":3,\"cpus\":0.5,\"mem\":64,\"retries\":0}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.batch", startsWith("b")))
                .andExpect(jsonPath("$.ids", hasSize(3)))
                .andExpect(header().string("Location", startsWith("/api/batches/b")))
                .andReturn().getResponse().getContentAsString();
        String batch = body.replaceAll(".*\"batch\":\"(b\\d+)\".*", "$1");
        String first = body.replaceAll(".*\"ids\":\\[\"([^\"]+)\".*", "$1");

        mvc.perform(get("/api/batches/" + batch)).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(batch))
                .andExpect(jsonPath("$.kind").value("hello"))
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.queued").value(3))
                .andExpect(jsonPath("$.done").value(0))
                .andExpect(jsonPath("$.failed").value(0))
                .andExpect(jsonPath("$.running").value(0))
                .andExpect(jsonPath("$.ids", hasSize(3)))
                .andExpect(jsonPath("$.ids[0]").value(first));
        // The request's resources and retries are the tasks' options; the batch is a label too.
        mvc.perform(get("/api/tasks?batch=" + batch)).andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.items[0].labels.batch").value(batch))
                .andExpect(jsonPath("$.items[0].labels.sample").value("hello"))
                .andExpect(jsonPath("$.items[0].options.cpus").value(0.5))
                .andExpect(jsonPath("$.items[0].options.memMb").value(64.0))
                .andExpect(jsonPath("$.items[0].options.maxRetries").value(0));
        mvc.perform(get("/api/tasks/" + first)).andExpect(jsonPath("$.name").value("sample-hello"));
    }

    @Test
    void badLaunchValuesAreProblemsNamingTheField() throws Exception {
        String[][] cases = {
                {"{\"kind\":\"hello\",\"cpus\":0}", "cpus", "cpus: must be between 0.01 and 64"},
                {"{\"kind\":\"hello\",\"mem\":0.5}", "mem", "mem: must be between 1 and 65536 (MiB)"},
                {"{\"kind\":\"hello\",\"retries\":101}", "retries", "retries: must be between 0 and 100"},
                {"{\"kind\":\"hello\",\"count\":0}", "count", "count: must be between 1 and 10000"},
                {"{\"kind\":\"nope\"}", "kind", "kind: must be one of hello, pi, sleep, fail"},
                {"{\"kind\":\"hello\",\"retries\":\"many\"}", "retries", null}};
        for (String[] c : cases) {
            ResultActions answer = operator(post("/api/samples").contentType(MediaType.APPLICATION_JSON).content(c[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.field").value(c[1]));
            if (c[2] != null) {
                answer.andExpect(jsonPath("$.detail").value(c[2]));
            }
        }
    }

    @Test
    void launchingNeedsTheOperatorAndAnUnknownBatchIs404() throws Exception {
        assertThat(mvc.perform(post("/api/samples").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"hello\"}")).andReturn().getResponse().getStatus()).isEqualTo(401);
        mvc.perform(get("/api/batches/b999")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.id").value("b999"));
    }

    @Test
    void aTaskThatWroteNothingHasEmptyOutputAndBadReadValuesAreProblemsNamingTheField() throws Exception {
        // A finished task of the history, and one that stays queued: no executor here, so no files.
        for (String id : new String[] {named("sample-hello").id(),
                tasks.submit((Task<String>) () -> "never runs").taskId()}) {
            for (String stream : new String[] {"stdout", "stderr"}) {
                mvc.perform(get("/api/tasks/" + id + "/output").param("stream", stream))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.data").value(""))
                        .andExpect(jsonPath("$.offset").value(0))
                        .andExpect(jsonPath("$.nextOffset").value(0))
                        .andExpect(jsonPath("$.size").value(0));
            }
            mvc.perform(get("/api/tasks/" + id + "/output?stream=stdout&offset=0&length=10"))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.data").value(""));
        }
        String id = named("sample-hello").id();
        String[][] cases = {
                {"", "stream", "stream: must be stdout or stderr"},
                {"stream=../stdout", "stream", "stream: must be stdout or stderr"},
                {"stream=STDOUT", "stream", "stream: must be stdout or stderr"},
                {"stream=stdout&offset=-1", "offset", "offset: must be a byte offset: a whole number, 0 or more"},
                {"stream=stdout&offset=abc", "offset", "offset: must be a byte offset: a whole number, 0 or more"},
                {"stream=stdout&offset=1", "offset", "offset: is beyond the end of stdout (0 bytes)"},
                {"stream=stderr&length=0", "length", "length: must be between 1 and 65536"},
                {"stream=stderr&length=65537", "length", "length: must be between 1 and 65536"},
                {"stream=stdout&attempt=2", "attempt", "attempt: must be a whole number from 1 to 1 (the task's"
                        + " attempts)"},
                {"stream=stdout&attempt=0", "attempt", "attempt: must be a whole number from 1 to 1 (the task's"
                        + " attempts)"},
                {"stream=stdout&attempt=one", "attempt", "attempt: must be a whole number from 1 to 1 (the task's"
                        + " attempts)"}};
        for (String[] c : cases) {
            mvc.perform(get("/api/tasks/" + id + "/output?" + c[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.field").value(c[1]))
                    .andExpect(jsonPath("$.detail").value(c[2]));
        }
        mvc.perform(get("/api/tasks/no-such-task/output?stream=stdout")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.id").value("no-such-task"));
    }
}
