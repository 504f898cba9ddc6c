package io.ferry.fault;

import io.ferry.StarterTestApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the app against a master the test owns (a {@code LocalCluster} started by the test, reached through
 * {@code ferry.mesos.master} as a real cluster would be), so that the test can stop and restart the cluster's
 * parts, or the app, under it.
 */
final class ExternalClusterApp {

    private ExternalClusterApp() {
    }

    /** @param more further {@code --name=value} arguments, e.g. a setting under test */
    static ConfigurableApplicationContext start(URI master, Path stateDir, String... more) throws IOException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--ferry.advertised-url=http://127.0.0.1:" + port,
                "--ferry.mesos.master=" + master,
                "--ferry.mesos.state-dir=" + stateDir,
                "--ferry.executor.java=" + Path.of(System.getProperty("java.home"), "bin", "java"),
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(more));
        // Command-line arguments: they win over application.properties (builder properties would not).
        return new SpringApplicationBuilder(StarterTestApplication.class).run(args.toArray(String[]::new));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within 90 s");
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
