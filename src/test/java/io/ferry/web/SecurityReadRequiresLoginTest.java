package io.ferry.web;

import static io.ferry.web.TestHttpClient.basic;
import static io.ferry.web.TestHttpClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The security rules with {@code ferry.security.read-requires-login}: reading needs a login too, and health, info,
 * Prometheus and the executor's files stay open. A second running app (one agent: nothing is launched here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=1", "ferry.local.cpus=1", "ferry.local.mem-mb=1024",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN,
        "ferry.security.read-requires-login=true"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecurityReadRequiresLoginTest {

    @LocalServerPort
    int port;

    private TestHttpClient client;

    @BeforeEach
    void client() {
        client = new TestHttpClient(port);
    }

    @Test
    void anApiClientWithoutCredentialsGets401WithAProblem() throws Exception {
        HttpResponse<String> response = client.get("/api/tasks");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("Log in at /login");
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"ferry\"");
        assertThat(response.headers().allValues("Set-Cookie")).as("no session for a script")
                .noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void aBrowserIsSentToTheLoginPageAndBackAfterwards() throws Exception {
        HttpResponse<String> page = client.get("/api/cluster", "Accept", "text/html,*/*;q=0.8");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(client.get("/login", "Accept", "text/html").body()).contains("name=\"_csrf\"");
    }

    @Test
    void aLoggedInBrowserReads() throws Exception {
        client.logIn("operator", ApiTest.PASSWORD);

        assertThat(client.get("/", "Accept", "text/html").body()).contains("<h1>Ferry</h1>");
        assertThat(client.get("/api/tasks").statusCode()).isEqualTo(200);
    }

    @Test
    void anApiClientReadsWithBasicCredentialsOrTheToken() throws Exception {
        assertThat(client.get("/api/tasks", "Authorization", basic("operator", ApiTest.PASSWORD)).statusCode())
                .isEqualTo(200);
        assertThat(client.get("/api/cluster", "Authorization", bearer(ApiTest.API_TOKEN)).statusCode())
                .isEqualTo(200);
        assertThat(client.get("/api/tasks", "Authorization", basic("operator", "wrong")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aWrongPasswordInTheLoginFormGoesBackToTheFormSayingSo() throws Exception {
        client.get("/login", "Accept", "text/html");
        HttpResponse<String> login = client.postForm("/login",
                "username=operator&password=wrong&_csrf=" + client.csrfToken(), "Accept", "text/html");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(client.get("/api/tasks").statusCode()).as("still not logged in").isEqualTo(401);
    }

    @Test
    void healthInfoPrometheusAndTheExecutorsFilesStayOpen() throws Exception {
        assertThat(client.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(client.get("/actuator/health").statusCode()).isNotIn(302, 401, 403);
        assertThat(client.get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(client.get("/actuator/prometheus").body()).contains("ferry_tasks_submitted_total");
        assertThat(client.get("/executor/ferry-executor.sh").body()).startsWith("#!/bin/sh");
        assertThat(client.get("/css/ferry.css").statusCode()).isEqualTo(200);
    }
}
