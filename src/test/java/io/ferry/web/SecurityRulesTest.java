package io.ferry.web;

import static io.ferry.web.TestHttpClient.basic;
import static io.ferry.web.TestHttpClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The security rules with reading open (the default), over real HTTP through the real filter chains: browsers
 * with a session and CSRF tokens, API clients with Basic credentials or the bearer token and no CSRF token.
 * The same properties as {@link ApiTest}, so the two share one running app.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecurityRulesTest {

    private static final String HELLO = "{\"kind\":\"hello\",\"count\":1}";
    private static final String OPERATOR = basic("operator", ApiTest.PASSWORD);

    @LocalServerPort
    int port;

    private TestHttpClient client;

    @BeforeEach
    void client() {
        client = new TestHttpClient(port);
    }

    @Test
    void readingIsOpenToAnyone() throws Exception {
        assertThat(client.get("/api/tasks").statusCode()).isEqualTo(200);
        assertThat(client.get("/api/cluster").statusCode()).isEqualTo(200);
        assertThat(client.get("/", "Accept", "text/html").statusCode()).isEqualTo(200);
    }

    @Test
    void anApiClientLaunchesWithBasicCredentialsAndNoCsrfTokenAndGetsNoSession() throws Exception {
        HttpResponse<String> launched = client.postJson("/api/samples", HELLO, "Authorization", OPERATOR);

        assertThat(launched.statusCode()).isEqualTo(202);
        assertThat(launched.headers().allValues("Set-Cookie")).as("no session, no CSRF cookie").isEmpty();
    }

    @Test
    void anApiClientLaunchesWithTheBearerToken() throws Exception {
        assertThat(client.postJson("/api/samples", HELLO, "Authorization", bearer(ApiTest.API_TOKEN)).statusCode())
                .isEqualTo(202);
        // The scheme is case-insensitive (RFC 9110).
        assertThat(client.postJson("/api/samples", HELLO, "Authorization", "bearer " + ApiTest.API_TOKEN)
                .statusCode()).isEqualTo(202);
    }

    @Test
    void aWrongTokenIs401WithAProblemNamingTheProperty() throws Exception {
        HttpResponse<String> response = client.postJson("/api/samples", HELLO,
                "Authorization", bearer(ApiTest.API_TOKEN + "x"));

        assertUnauthorizedProblem(response);
        assertThat(response.body()).contains("The bearer token is not ferry.security.api-token");
    }

    @Test
    void aWrongPasswordIs401WithAProblem() throws Exception {
        HttpResponse<String> response = client.postJson("/api/samples", HELLO,
                "Authorization", basic("operator", "not-the-password"));

        assertUnauthorizedProblem(response);
        assertThat(response.body()).contains("The user name or password is wrong");
    }

    @Test
    void noCredentialsIs401SayingWhatToSendNotAWordAboutCsrf() throws Exception {
        HttpResponse<String> response = client.postJson("/api/samples", HELLO);

        assertUnauthorizedProblem(response);
        assertThat(response.body()).contains("Log in at /login")
                .contains("HTTP Basic").contains("Authorization: Bearer <ferry.security.api-token>")
                .doesNotContain("CSRF");
        assertThat(client.delete("/api/tasks/t-1").statusCode()).isEqualTo(401);
    }

    @Test
    void aBrowserThatIsNotLoggedInIsSentToTheLoginPage() throws Exception {
        client.get("/", "Accept", "text/html");
        HttpResponse<String> response = client.postForm("/samples", "kind=hello&count=1&_csrf=" + client.csrfToken(),
                "Accept", "text/html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void aLoggedInBrowserCallsTheApiWithItsCsrfTokenOnly() throws Exception {
        client.logIn("operator", ApiTest.PASSWORD);

        HttpResponse<String> withoutToken = client.postJson("/api/samples", HELLO);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(withoutToken.body()).contains("CSRF token missing or invalid").contains("X-XSRF-TOKEN");

        assertThat(client.postJson("/api/samples", HELLO, "X-XSRF-TOKEN", "not-the-token").statusCode())
                .isEqualTo(403);
        assertThat(client.postJson("/api/samples", HELLO, "X-XSRF-TOKEN", client.csrfToken()).statusCode())
                .isEqualTo(202);
    }

    @Test
    void theDashboardsFormCarriesItsCsrfTokenAndNeedsIt() throws Exception {
        client.logIn("operator", ApiTest.PASSWORD);
        String page = client.get("/", "Accept", "text/html").body();
        assertThat(page).contains("name=\"_csrf\" value=\"" + client.csrfToken() + "\"");

        HttpResponse<String> withoutToken = client.postForm("/samples", "kind=hello&count=1", "Accept", "text/html");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("CSRF token missing or invalid");

        HttpResponse<String> withToken = client.postForm("/samples",
                "kind=hello&count=1&_csrf=" + client.csrfToken(), "Accept", "text/html");
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(withToken.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/tasks?batch="));
    }

    @Test
    void anApiClientCancelsWithBasicCredentialsAndNoCsrfToken() throws Exception {
        HttpResponse<String> launched = client.postJson("/api/samples", "{\"kind\":\"sleep\",\"count\":1,\"seconds\":60}",
                "Authorization", bearer(ApiTest.API_TOKEN));
        assertThat(launched.statusCode()).isEqualTo(202);
        Matcher id = Pattern.compile("\"(t[^\"]+)\"").matcher(launched.body());
        assertThat(id.find()).isTrue();

        HttpResponse<String> cancelled = client.delete("/api/tasks/" + id.group(1), "Authorization", OPERATOR);

        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(cancelled.body()).contains("killing");
    }

    @Test
    void aSessionNeverStandsInForWrongApiCredentials() throws Exception {
        client.logIn("operator", ApiTest.PASSWORD);

        HttpResponse<String> response = client.postJson("/api/samples", HELLO,
                "Authorization", basic("operator", "not-the-password"), "X-XSRF-TOKEN", client.csrfToken());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    /** A browser may hold Basic credentials (typed into a URL, say); a request from another site is held to CSRF. */
    @Test
    void aRequestFromAnotherSiteIsHeldToCsrfWhateverCredentialsItCarries() throws Exception {
        assertThat(client.postJson("/api/samples", HELLO, "Authorization", OPERATOR, "Sec-Fetch-Site", "cross-site")
                .statusCode()).isEqualTo(401);
        client.logIn("operator", ApiTest.PASSWORD);
        assertThat(client.postJson("/api/samples", HELLO, "Authorization", OPERATOR, "Sec-Fetch-Site", "same-site")
                .statusCode()).isEqualTo(403);
        // The app's own pages are same-origin: their calls with credentials are an API client's.
        assertThat(client.postJson("/api/samples", HELLO, "Authorization", OPERATOR, "Sec-Fetch-Site", "same-origin")
                .statusCode()).isEqualTo(202);
    }

    @Test
    void probesAndScrapersAreNeverAskedForCredentialsWhateverTheySend() throws Exception {
        HttpResponse<String> liveness = client.get("/actuator/health/liveness", "Authorization", bearer("stale"));
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(client.get("/actuator/prometheus", "Authorization", basic("prometheus", "x")).statusCode())
                .isEqualTo(200);
        assertThat(client.get("/actuator/info").statusCode()).isEqualTo(200);
    }

    private static void assertUnauthorizedProblem(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":401");
        // A Basic challenge would make a browser prompt, and then keep the credentials (see UnauthorizedEntryPoint).
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"ferry\"");
    }
}
