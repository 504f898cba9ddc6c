package io.ferry.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A host application with Ferry on its class path, started for real on a random port, and called over HTTP as an
 * agent, an executor or a browser would. One agent: the embedded cluster is there, no task runs.
 */
final class HostApplication implements AutoCloseable {

    static final String USER = "host-user";
    static final String PASSWORD = "host-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final ConfigurableApplicationContext context;
    private final URI base;

    private HostApplication(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts {@code host}; Spring Boot's default user is fixed, so that tests can log in with Basic. */
    static HostApplication start(SpringApplicationBuilder host) {
        return new HostApplication(host.run("--server.port=0", "--spring.main.banner-mode=off",
                "--ferry.local.agents=1",
                "--spring.security.user.name=" + USER, "--spring.security.user.password=" + PASSWORD));
    }

    static HostApplication start(Class<?> host) {
        return start(new SpringApplicationBuilder(host));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return get(base.resolve(path), headers);
    }

    HttpResponse<byte[]> get(URI url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A class fetch as Ferry's executor makes it, with the token of the running application. */
    HttpResponse<byte[]> getWithFrameworkToken(String path) throws IOException, InterruptedException {
        return getWithFrameworkToken(base.resolve(path));
    }

    HttpResponse<byte[]> getWithFrameworkToken(URI url) throws IOException, InterruptedException {
        return get(url, "Authorization", "Bearer " + context.getBean(FrameworkToken.class).value());
    }

    HttpResponse<byte[]> getAsHostUser(String path) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return get(path, "Authorization", "Basic " + basic);
    }

    @Override
    public void close() {
        context.close();
    }
}
