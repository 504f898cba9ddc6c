package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.autoconfigure.LocalClusterConfiguration.RunningLocalCluster;
import io.ferry.scheduler.FerryScheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code ferry.mesos.master} names a real master: no embedded cluster, and a master that is down does not stop the
 * application from starting — the scheduler keeps trying in the background.
 */
class RemoteMasterAutoConfigurationTest {

    private final UnusedPort master = UnusedPort.find();

    @TempDir
    Path stateDir;

    private ApplicationContextRunner runner() {
        return FerryContextRunners.application().withPropertyValues(
                "ferry.mesos.master=" + master.url(),
                "ferry.mesos.state-dir=" + stateDir,
                "ferry.advertised-url=http://127.0.0.1:8080");
    }

    @Test
    void noEmbeddedClusterStarts() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RunningLocalCluster.class));
    }

    @Test
    void aMasterUrlIsReadAsAValueNeverAsAnExpression() {
        // A quote in the value once broke the SpEL condition that chose the mode, with a parse error naming nothing.
        // Now the value reaches the master URL's own check, which names the property.
        FerryContextRunners.application().withPropertyValues(
                        "ferry.mesos.master=" + master.url() + "?it's='x'",
                        "ferry.mesos.state-dir=" + stateDir,
                        "ferry.advertised-url=http://127.0.0.1:8080")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("ferry.mesos.master=" + master.url()
                                + "?it's='x': must not have a query or fragment"));
    }

    @Test
    void theMasterEndpointIsTheConfiguredUrl() {
        runner().run(context -> assertThat(context.getBean(MasterEndpoint.class))
                .isEqualTo(new MasterEndpoint(master.url(), false)));
    }

    @Test
    void theApplicationStartsWhileTheMasterIsDown() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            FerryScheduler scheduler = context.getBean(FerryScheduler.class);
            assertThat(scheduler.isRunning()).isTrue();
            assertThat(scheduler.state().connected()).isFalse();
        });
    }

    @Test
    void theSchedulerKeepsTryingUntilTheMasterIsThere() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            // The master comes up after the application: the next attempt (backing off up to 15 s) reaches it.
            try (ServerSocket late = new ServerSocket(master.port(), 1, InetAddress.getLoopbackAddress())) {
                late.setSoTimeout(30_000);
                try (Socket call = late.accept()) {
                    call.setSoTimeout(10_000);
                    String requestLine = new BufferedReader(new InputStreamReader(call.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine();
                    assertThat(requestLine).startsWith("POST /api/v1/scheduler ");
                }
            }
        });
    }
}
