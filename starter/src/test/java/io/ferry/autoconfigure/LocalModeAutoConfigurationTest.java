package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.autoconfigure.LocalClusterConfiguration.RunningLocalCluster;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Without {@code ferry.mesos.master}, Ferry runs against an embedded cluster that lives as long as the context. */
class LocalModeAutoConfigurationTest {

    private final ApplicationContextRunner runner = FerryContextRunners.application();

    @Test
    void theEmbeddedClusterIsTheMasterByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RunningLocalCluster.class);
            LocalCluster cluster = context.getBean(RunningLocalCluster.class).cluster();
            assertThat(context.getBean(MasterEndpoint.class))
                    .isEqualTo(new MasterEndpoint(cluster.masterUrl(), true));
        });
    }

    @Test
    void theExecutorsOfTheEmbeddedClusterGiveUpOnItsAgentsWithinSeconds() {
        // The agents live and die with this process: an executor that lost one has nobody to wait for.
        runner.run(context -> assertThat(context.getBean(RunningLocalCluster.class).cluster().settings()
                .executorRecoveryTimeout()).isEqualTo(LocalClusterSettings.IN_PROCESS_EXECUTOR_RECOVERY_TIMEOUT)
                .isLessThanOrEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void theTemporaryWorkDirectoryNamesItsOwner() {
        runner.run(context -> {
            Path workDir = context.getBean(RunningLocalCluster.class).workDir().path();
            assertThat(workDir.getFileName().toString()).startsWith("ferry-local-");
            assertThat(workDir.resolve("ferry-owner")).content()
                    .contains("pid=" + ProcessHandle.current().pid() + "\n");
        });
    }

    @Test
    void closingTheContextStopsTheCluster() {
        AtomicReference<URI> master = new AtomicReference<>();
        runner.run(context -> {
            master.set(context.getBean(MasterEndpoint.class).url());
            assertThat(accepts(master.get())).as("the master while the context runs").isTrue();
        });

        assertThat(accepts(master.get())).as("the master after the context closed").isFalse();
    }

    @Test
    void closingTheContextRemovesTheTemporaryWorkDirectory() {
        AtomicReference<Path> workDir = new AtomicReference<>();
        runner.run(context -> {
            workDir.set(context.getBean(RunningLocalCluster.class).cluster().settings().workDir());
            assertThat(workDir.get()).isDirectory();
        });

        assertThat(workDir.get()).doesNotExist();
    }

    @Test
    void closingTheContextKeepsAConfiguredWorkDirectory(@TempDir Path temp) {
        Path workDir = temp.resolve("mesos");
        runner.withPropertyValues("ferry.local.work-dir=" + workDir).run(context ->
                assertThat(context.getBean(RunningLocalCluster.class).cluster().settings().workDir())
                        .isEqualTo(workDir));

        assertThat(workDir).isDirectory();
        assertThat(workDir.resolve("ferry-owner")).as("the user's directory is not marked").doesNotExist();
    }

    /** Whether something accepts TCP connections at the URL's port (bounded: loopback answers or refuses at once). */
    static boolean accepts(URI url) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new AssertionError("neither accepted nor refused: " + url, e);
        }
    }
}
