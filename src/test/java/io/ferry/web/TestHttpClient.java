package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Real HTTP to the app under test, with a cookie jar of its own (one per browser or script) and bounded waits.
 * Redirects are not followed, so that a test sees them.
 */
final class TestHttpClient {

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    TestHttpClient(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        return headers.length == 0 ? request : request.headers(headers);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> postJson(String path, String json, String... headers)
            throws IOException, InterruptedException {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> postForm(String path, String form, String... headers)
            throws IOException, InterruptedException {
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).DELETE());
    }

    Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }

    /** The CSRF token a page's script reads: the {@code XSRF-TOKEN} cookie, after any page has set it. */
    String csrfToken() {
        return cookie("XSRF-TOKEN").orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    /**
     * Logs in as a browser does: the login page, its form (with the page's CSRF token), then the dashboard the
     * login redirects to (which sets the new CSRF token: a login replaces it).
     */
    void logIn(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/login", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrfToken());
        HttpResponse<String> login = postForm("/login", form, "Accept", "text/html");
        assertThat(login.statusCode()).as("login answer").isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).as("login goes on to the dashboard")
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
        assertThat(cookie("JSESSIONID")).as("a session").isPresent();
        assertThat(get("/", "Accept", "text/html").statusCode()).isEqualTo(200);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
