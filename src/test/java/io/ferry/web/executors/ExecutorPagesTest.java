package io.ferry.web.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.sandbox.SandboxFiles;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerState;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.ferry.web.SandboxText;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The executors pages and API over a stand-in agent: what is read, from where (only the run's own stdout and
 * stderr), how a piece is cut (never inside a character), and every way a request can be wrong. The security chain
 * is not this test's business (filters off); the real one is in the end-to-end test.
 */
@WebMvcTest(controllers = {ExecutorsController.class, ExecutorApiController.class})
@AutoConfigureMockMvc(addFilters = false)
@Import({ExecutorRuns.class, ExecutorLogs.class, SandboxText.class})
class ExecutorPagesTest {

    private static final String RUNS = "/var/lib/mesos/slaves/S1/frameworks/fw/executors/ferry-abc/runs/";
    private static final String CURRENT = RUNS + "c-new";
    private static final String OLD = RUNS + "c-old";
    /**
     * 8,000 lines of 14 bytes ("line 00001 é\n": é is two bytes), then one of 28 with markup: 65,536 bytes back from
     * the end is the second byte of an é.
     */
    private static final byte[] STDOUT = stdout();

    @Autowired
    MockMvc mvc;
    @MockitoBean
    FerryScheduler scheduler;

    private StandInAgent agent;

    @BeforeEach
    void cluster() throws Exception {
        agent = new StandInAgent();
        agent.files.put(CURRENT + "/stdout", STDOUT);
        agent.files.put(OLD + "/stderr", "Exception in thread \"main\" java.lang.OutOfMemoryError\n"
                .getBytes(StandardCharsets.UTF_8));
        Instant started = Instant.parse("2026-01-02T03:04:05Z");
        ExecutorPlace current = new ExecutorPlace("ferry-abc", "S1", agent.endpoint(), CURRENT, 4242, started,
                null, null, 7, null);
        ExecutorPlace old = new ExecutorPlace("ferry-abc", "S1", agent.endpoint(), OLD, 4141,
                started.minusSeconds(600), 3 << 8, "exited with code 3 (a task ran out of memory)", 2,
                started.minusSeconds(5));
        when(scheduler.state()).thenReturn(new SchedulerState("SUBSCRIBED", null, "fw", 15, "http://m", List.of(),
                List.of(), List.of(current), List.of(), 0, 0, List.of(old), List.of()));
        when(scheduler.tasks()).thenReturn(List.of(
                task("t-1", TaskPhase.RUNNING, "S1"), task("t-2", TaskPhase.SUCCEEDED, "S1"),
                task("t-3", TaskPhase.LAUNCHED, "S2")));
        when(scheduler.sandboxFiles()).thenReturn(new SandboxFiles(HttpClient.newHttpClient(), null, null));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    // ------------------------------------------------------------------------------------------ API

    @Test
    void theRunsAreListedRunningFirstWithTheirTasks() throws Exception {
        mvc.perform(get("/api/executors"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("c-new"))
                .andExpect(jsonPath("$[0].running").value(true))
                .andExpect(jsonPath("$[0].state").value("running"))
                .andExpect(jsonPath("$[0].directory").value(CURRENT))
                .andExpect(jsonPath("$[0].tasksLaunched").value(7))
                .andExpect(jsonPath("$[0].tasksRunning").value(1))
                .andExpect(jsonPath("$[1].id").value("c-old"))
                .andExpect(jsonPath("$[1].running").value(false))
                .andExpect(jsonPath("$[1].state").value("exited with code 3 (a task ran out of memory)"))
                .andExpect(jsonPath("$[1].exitStatus").value(768))
                .andExpect(jsonPath("$[1].tasksRunning").value(0));
        mvc.perform(get("/api/executors/c-old")).andExpect(status().isOk())
                .andExpect(jsonPath("$.pid").value(4141));
    }

    @Test
    void withoutAnOffsetTheEndComesFirstBeginningAtACharacter() throws Exception {
        // 65,536 bytes back from the end lands on the second byte of an é: the piece begins after it.
        long size = STDOUT.length;
        long start = size - 65_536 + 1;
        assertThat(STDOUT[(int) start - 1] & 0xc0).as("the cut falls inside a character").isEqualTo(0x80);
        mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.offset").value(start))
                .andExpect(jsonPath("$.nextOffset").value(size))
                .andExpect(jsonPath("$.size").value(size))
                .andExpect(jsonPath("$.data").value(new String(STDOUT, (int) start, (int) (size - start),
                        StandardCharsets.UTF_8)));
        assertThat(agent.pathsAsked).containsOnly(CURRENT + "/stdout");
    }

    @Test
    void aPieceFromAnOffsetEndsBeforeACharacterItWouldCut() throws Exception {
        // Bytes 0..12 end with the first byte of "é": the piece stops before it, and the next read begins there.
        mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout").param("offset", "0")
                        .param("length", "12"))
                .andExpect(jsonPath("$.data").value("line 00001 "))
                .andExpect(jsonPath("$.offset").value(0))
                .andExpect(jsonPath("$.nextOffset").value(11));
        mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout").param("offset", "11")
                        .param("length", "17"))
                .andExpect(jsonPath("$.data").value("\u00e9\nline 00002 \u00e9\n"))
                .andExpect(jsonPath("$.nextOffset").value(28));
    }

    @Test
    void followingReadsOnlyWhatCameAfterTheLastRead() throws Exception {
        long size = STDOUT.length;
        mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout").param("offset", Long.toString(size)))
                .andExpect(jsonPath("$.data").value(""))
                .andExpect(jsonPath("$.nextOffset").value(size));

        ByteArrayOutputStream grown = new ByteArrayOutputStream();
        grown.writeBytes(STDOUT);
        grown.writeBytes("a new line\n".getBytes(StandardCharsets.UTF_8));
        agent.files.put(CURRENT + "/stdout", grown.toByteArray());

        mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout").param("offset", Long.toString(size)))
                .andExpect(jsonPath("$.data").value("a new line\n"))
                .andExpect(jsonPath("$.offset").value(size))
                .andExpect(jsonPath("$.nextOffset").value(size + 11))
                .andExpect(jsonPath("$.size").value(size + 11));
    }

    @Test
    void anUnknownRunIsA404Problem() throws Exception {
        mvc.perform(get("/api/executors/nope/logs").param("file", "stdout"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail").value("no executor run nope"));
        mvc.perform(get("/api/executors/nope")).andExpect(status().isNotFound());
        assertThat(agent.pathsAsked).isEmpty();
    }

    @Test
    void aFileOtherThanStdoutOrStderrIsA400NamingFile() throws Exception {
        for (String file : new String[]{"stdin", "../../../etc/passwd", "ferry-executor.jar", ""}) {
            mvc.perform(get("/api/executors/c-new/logs").param("file", file))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.field").value("file"))
                    .andExpect(jsonPath("$.detail").value("file: must be stdout or stderr"));
        }
        mvc.perform(get("/api/executors/c-new/logs")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("file"));
        mvc.perform(get("/api/executors/c-new/logs/download").param("file", "sandbox"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("file"));
        assertThat(agent.pathsAsked).isEmpty();
    }

    @Test
    void aBadOffsetOrLengthIsA400NamingIt() throws Exception {
        for (String offset : new String[]{"-1", "abc", "1.5", "99999999999999999999"}) {
            mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout").param("offset", offset))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("offset"));
        }
        mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout")
                        .param("offset", Long.toString(STDOUT.length + 1)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("offset"))
                .andExpect(jsonPath("$.detail").value("offset: is beyond the end of stdout (" + STDOUT.length
                        + " bytes)"));
        for (String length : new String[]{"0", "65537", "x"}) {
            mvc.perform(get("/api/executors/c-new/logs").param("file", "stdout").param("length", length))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("length"));
        }
    }

    @Test
    void aFileTheAgentDoesNotHaveIs404AndAnAgentThatDoesNotAnswerIs502() throws Exception {
        mvc.perform(get("/api/executors/c-new/logs").param("file", "stderr"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("No such file on the agent"));

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ExecutorPlace gone = new ExecutorPlace("ferry-abc", "S9", "127.0.0.1:" + closed, RUNS + "c-gone", 1,
                Instant.now(), null, null, 0, null);
        when(scheduler.state()).thenReturn(new SchedulerState("SUBSCRIBED", null, "fw", 15, "http://m", List.of(),
                List.of(), List.of(gone), List.of(), 0, 0, List.of(), List.of()));
        mvc.perform(get("/api/executors/c-gone/logs").param("file", "stdout"))
                .andExpect(status().isBadGateway())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "the agent at 127.0.0.1:" + closed + " did not answer")));
    }

    @Test
    void aDownloadIsTheWholeFileFromTheAgentAsAnAttachment() throws Exception {
        MvcResult result = mvc.perform(get("/api/executors/c-new/logs/download").param("file", "stdout"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"ferry-abc-c-new-stdout.log\""))
                .andExpect(header().longValue("Content-Length", STDOUT.length))
                .andReturn();
        assertThat(result.getResponse().getContentAsByteArray()).isEqualTo(STDOUT);
        assertThat(agent.pathsAsked).containsExactly(CURRENT + "/stdout");

        mvc.perform(get("/api/executors/c-new/logs/download").param("file", "stderr"))
                .andExpect(status().isNotFound());
    }

    // ------------------------------------------------------------------------------------------ pages

    @Test
    void theListPageLinksEveryRunAndSaysHowTheOldOneEnded() throws Exception {
        String page = mvc.perform(get("/executors")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("href=\"/executors/c-new\"").contains("href=\"/executors/c-old\"")
                .contains("exited with code 3 (a task ran out of memory)").contains(CURRENT)
                .contains("<td>7</td><td>1</td>");
    }

    @Test
    void aRunsPageShowsTheEndOfItsStdoutEscapedWithLinksToEarlierPartsAndTheWholeFile() throws Exception {
        String page = mvc.perform(get("/executors/c-new")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("line 08000 \u00e9")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)")
                .contains("href=\"/executors/c-new?file=stdout&amp;offset=0\"")
                .contains("href=\"/api/executors/c-new/logs/download?file=stdout\"")
                .contains("data-next-offset=\"" + STDOUT.length + "\"")
                .contains("data-api=\"/api/executors/c-new/logs?file=stdout\"")
                .contains("<script type=\"module\" src=\"/assets/executor-logs.js\"></script>")
                .contains("7 run, 1 running now");

        String earlier = mvc.perform(get("/executors/c-new").param("offset", "0")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(earlier).contains("line 00001 \u00e9").contains("bytes 0 to 65536 of " + STDOUT.length)
                .contains("id=\"log-later\"");
    }

    @Test
    void aRunWithoutTheFileSaysSoAndWrongRequestsAreAnswered404And400() throws Exception {
        assertThat(mvc.perform(get("/executors/c-new").param("file", "stderr")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString())
                .contains("The agent has no stderr for this run (yet).");
        assertThat(mvc.perform(get("/executors/c-old").param("file", "stderr")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString())
                .contains("Exception in thread &quot;main&quot; java.lang.OutOfMemoryError");
        mvc.perform(get("/executors/nope")).andExpect(status().isNotFound());
        mvc.perform(get("/executors/c-new").param("file", "../stdout")).andExpect(status().isBadRequest());
        mvc.perform(get("/executors/c-new").param("offset", "-5")).andExpect(status().isBadRequest());
        assertThat(agent.pathsAsked).allMatch(p -> p.equals(CURRENT + "/stderr") || p.equals(OLD + "/stderr"));
    }

    @Test
    void anExecutorIdAsTheTaskPagesLinkItGoesToItsNewestRunOnThatAgent() throws Exception {
        mvc.perform(get("/executors/ferry-abc").param("agent", "S1").param("file", "stderr"))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/executors/c-new?file=stderr"));
        mvc.perform(get("/executors/ferry-abc")).andExpect(status().isFound())
                .andExpect(header().string("Location", "/executors/c-new?file=stdout"));
        mvc.perform(get("/executors/ferry-abc").param("agent", "S9")).andExpect(status().isNotFound());
    }

    // ------------------------------------------------------------------------------------------ fixtures

    private static TaskView task(String id, TaskPhase phase, String agent) {
        Instant t = Instant.parse("2026-01-02T03:05:00Z");
        return new TaskView(id, "t", phase, null, agent, "ferry-abc", 1, t, t, t, null, null, null, null, Map.of(),
                List.of(), 0, null, List.of());
    }

    private static byte[] stdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= 8000; i++) {
            out.writeBytes(String.format("line %05d \u00e9\n", i).getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("<script>alert(1)</script>!!\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
