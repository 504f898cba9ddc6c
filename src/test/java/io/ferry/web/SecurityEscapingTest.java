package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import io.ferry.task.Task;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a task's author supplies (its name, its result) reaches the dashboard as text, never as markup, and the
 * JSON API as JSON that a browser will not sniff into a page. The same properties as {@link ApiTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecurityEscapingTest {

    private static final String SCRIPT = "<script>alert(1)</script>";

    @LocalServerPort
    int port;

    @Autowired
    TaskService tasks;

    @Test
    void aTasksNameAndResultAreEscapedOnTheDashboard() throws Exception {
        Task<String> task = () -> "<script>alert(1)</script>";
        String result = tasks.submit(task, tasks.defaultOptions().withName(SCRIPT)).get(90, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(SCRIPT);
        TestHttpClient client = new TestHttpClient(port);

        // The overview shows the recent tasks as the last tasks event had them: the task is there from the
        // publisher's next tick on (half a second), and its name must be text on every page until then too.
        String page = client.get("/", "Accept", "text/html").body();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && System.nanoTime() < deadline) {
            assertThat(page).doesNotContain(SCRIPT);
            Thread.sleep(100);
            page = client.get("/", "Accept", "text/html").body();
        }

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(SCRIPT);
    }

    @Test
    void theApiAnswersJsonThatNoBrowserRendersAsAPage() throws Exception {
        Task<String> task = () -> "<script>alert(1)</script>";
        String id = tasks.submit(task, tasks.defaultOptions().withName(SCRIPT)).taskId();
        TestHttpClient client = new TestHttpClient(port);

        HttpResponse<String> response = client.get("/api/tasks/" + id);

        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).contains("\"name\":\"" + SCRIPT + "\"");
    }
}
