package io.ferry.local.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local agent's fetcher over http, against a real HTTP server: redirects, errors, the sandbox's log. */
class FetcherTest {

    @TempDir
    Path sandbox;
    private HttpServer server;
    private String base;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/file", exchange -> answer(exchange, 200, null, "the file's bytes"));
        server.createContext("/moved", exchange -> answer(exchange, 302, "file", ""));
        server.createContext("/moved-twice", exchange -> answer(exchange, 301, "/moved", ""));
        server.createContext("/loop", exchange -> answer(exchange, 307, "/loop", ""));
        server.createContext("/nowhere", exchange -> answer(exchange, 302, null, ""));
        server.createContext("/missing", exchange -> answer(exchange, 404, null, "not here"));
        server.createContext("/not-modified", exchange -> answer(exchange, 304, "/file", ""));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aFileIsFetchedThroughRedirectsRelativeOrAbsolute() throws Exception {
        new Fetcher().fetch(List.of(uri(base + "/moved-twice", "got.txt"), uri(base + "/file", null)), sandbox, log);

        assertThat(Files.readString(sandbox.resolve("got.txt"))).isEqualTo("the file's bytes");
        assertThat(Files.readString(sandbox.resolve("file"))).isEqualTo("the file's bytes");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("Fetching URI '" + base + "/moved-twice'",
                "Downloading resource from '" + base + "/file'", "Successfully fetched all URIs into");
    }

    @Test
    void anAnswerOtherThan200FailsWithItsCode() {
        assertThatThrownBy(() -> new Fetcher().fetch(List.of(uri(base + "/missing", null)), sandbox, log))
                .hasMessage("Error downloading resource, received HTTP return code 404 from '" + base + "/missing'");
        assertThatThrownBy(() -> new Fetcher().fetch(List.of(uri(base + "/nowhere", null)), sandbox, log))
                .hasMessage("Error downloading resource, received HTTP return code 302 from '" + base + "/nowhere'");
        // Only 301, 302, 303, 307 and 308 are followed, as by the JDK's client.
        assertThatThrownBy(() -> new Fetcher().fetch(List.of(uri(base + "/not-modified", null)), sandbox, log))
                .hasMessage("Error downloading resource, received HTTP return code 304 from '" + base
                        + "/not-modified'");
        assertThat(sandbox.resolve("missing")).doesNotExist();
    }

    @Test
    void redirectsEndlesslyFailAfterFive() {
        assertThatThrownBy(() -> new Fetcher().fetch(List.of(uri(base + "/loop", null)), sandbox, log))
                .hasMessage("More than 5 redirects from '" + base + "/loop'");
    }

    private static CommandInfo.URI uri(String value, String outputFile) {
        CommandInfo.URI.Builder uri = CommandInfo.URI.newBuilder().setValue(value).setExtract(false);
        if (outputFile != null) {
            uri.setOutputFile(outputFile);
        }
        return uri.build();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String location,
                               String body) throws IOException {
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
