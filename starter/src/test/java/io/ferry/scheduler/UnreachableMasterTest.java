package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What the scheduler says while it has no master: where it is trying (the state others read), and that a
 * connection never made is not "lost".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class UnreachableMasterTest {

    @Test
    void aMasterNobodyAnswersAtIsShownAndNeverCalledLost(CapturedOutput output) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: connections there are refused
        }
        URI master = URI.create("http://127.0.0.1:" + port);
        FerryScheduler scheduler = StatusUpdateOrderTest.scheduler(master);
        scheduler.start();
        try {
            String endpoint = "http://127.0.0.1:" + port + "/api/v1/scheduler";
            await(() -> "DISCONNECTED".equals(scheduler.state().connection())
                    && output.getAll().contains("Could not subscribe to the Mesos master at " + endpoint));
            assertThat(scheduler.state().master()).isEqualTo(endpoint);
            assertThat(scheduler.state().lastError()).isNotBlank();
            assertThat(output.getAll()).doesNotContain("Connection to the Mesos master at " + endpoint + " lost");
        } finally {
            scheduler.stop();
        }
    }

    @Test
    void aSubscriptionThatEndsIsLost(CapturedOutput output) throws Exception {
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            if (n == 0) {
                ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            }
            // the stream ends here: the first was subscribed, the next ones are not even answered with events
        })) {
            FerryScheduler scheduler = StatusUpdateOrderTest.scheduler(master.url());
            scheduler.start();
            try {
                String endpoint = master.url().resolve("/api/v1/scheduler").toString();
                await(() -> output.getAll().contains("Connection to the Mesos master at " + endpoint + " lost"));
                await(() -> output.getAll().contains("Could not subscribe to the Mesos master at " + endpoint));
                assertThat(scheduler.state().master()).isEqualTo(endpoint);
            } finally {
                scheduler.stop();
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
