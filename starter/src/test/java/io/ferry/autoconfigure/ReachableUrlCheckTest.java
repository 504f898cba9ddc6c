package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.StarterTestApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With a real cluster, an advertised URL that only this machine reaches gets a warning at start-up naming
 * {@code ferry.advertised-url}; the application still starts (the host name may resolve otherwise on the agents).
 */
@ExtendWith(OutputCaptureExtension.class)
class ReachableUrlCheckTest {

    /** A master on another machine (never reached: .invalid names do not resolve). */
    private static final String REMOTE_MASTER = "http://mesos-master.invalid:5050";

    @TempDir
    Path stateDir;

    private ConfigurableApplicationContext start(String master, String advertisedUrl) {
        return new SpringApplicationBuilder(StarterTestApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--ferry.mesos.master=" + master,
                "--ferry.mesos.state-dir=" + stateDir, "--ferry.advertised-url=" + advertisedUrl);
    }

    @Test
    void aLoopbackHostNameIsWarnedAbout(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(REMOTE_MASTER, "http://localhost:8080")) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output.getOut()).containsPattern("WARN .* ferry\\.advertised-url=http://localhost:8080 is a"
                + " loopback address \\(127\\.0\\.0\\.1[^)]*\\) that agents on other machines cannot reach");
    }

    @Test
    void aLoopbackAddressIsWarnedAbout(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(REMOTE_MASTER, "http://127.0.0.2:8080")) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output.getOut()).contains("ferry.advertised-url=http://127.0.0.2:8080 is a loopback address");
    }

    @Test
    void anAddressOtherMachinesReachIsNot(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(REMOTE_MASTER, "http://192.0.2.10:8080")) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output.getOut()).doesNotContain("is a loopback address");
    }

    @Test
    void aMasterOnThisMachineHasItsAgentsHereToo(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(UnusedPort.find().url().toString(),
                "http://localhost:8080")) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output.getOut()).doesNotContain("is a loopback address");
    }
}
