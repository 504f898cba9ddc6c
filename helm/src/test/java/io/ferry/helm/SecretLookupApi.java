package io.ferry.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two requests of the Kubernetes API that the chart's {@code lookup} of its own Secret makes, answered on
 * loopback: the resource list of {@code /api/v1} (how Helm learns that Secrets are namespaced) and {@code GET} of one
 * Secret, which is 404 unless a test has {@linkplain #put put} one there.
 *
 * <p>Why it exists: the real {@code helm template} renders without a cluster, its {@code lookup} finding nothing;
 * helm-java's template runs Helm's install action in a mode that calls the cluster for every {@code lookup}, so
 * without this it would reach for the default kubeconfig's server ({@code localhost:8080}, where a Ferry app may well
 * run). The build points {@code KUBECONFIG} at the file {@link #start} writes. Nothing else of Kubernetes is here:
 * any other path is a 404, so a template that looks up anything else fails its test.
 */
final class SecretLookupApi {

    private static SecretLookupApi started;

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    private SecretLookupApi(HttpServer server) {
        this.server = server;
    }

    /** The one instance of this test JVM, started on first use, its address written where KUBECONFIG points. */
    static synchronized SecretLookupApi start() {
        if (started == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                SecretLookupApi api = new SecretLookupApi(server);
                server.createContext("/", api::answer);
                server.start();
                api.writeKubeconfig();
                started = api;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return started;
    }

    /** Makes {@code GET} of Secret {@code namespace/name} answer with one key, as a cluster that holds it would. */
    void put(String namespace, String name, String key, String base64Value) {
        secrets.put("/api/v1/namespaces/" + namespace + "/secrets/" + name, """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s","namespace":"%s"},\
                "type":"Opaque","data":{"%s":"%s"}}""".formatted(name, namespace, key, base64Value));
    }

    void clear() {
        secrets.clear();
    }

    private void writeKubeconfig() throws IOException {
        String file = System.getenv("KUBECONFIG");
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("KUBECONFIG is not set: the build sets it for these tests (helm/pom.xml)");
        }
        Path path = Path.of(file);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: lookup
                    cluster:
                      server: http://127.0.0.1:%d
                users:
                  - name: lookup
                    user: {}
                contexts:
                  - name: lookup
                    context:
                      cluster: lookup
                      user: lookup
                current-context: lookup
                """.formatted(server.getAddress().getPort()));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String secret = secrets.get(path);
        if (path.equals("/api/v1")) {
            respond(exchange, 200, """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"secrets",\
                    "singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}""");
        } else if (secret != null && exchange.getRequestMethod().equals("GET")) {
            respond(exchange, 200, secret);
        } else {
            respond(exchange, 404, """
                    {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,\
                    "message":"%s not found"}""".formatted(path));
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
