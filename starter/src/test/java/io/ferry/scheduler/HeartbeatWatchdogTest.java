package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream that stays open but goes silent (a partition the TCP connection does not see) is declared dead after
 * the documented number of missed heartbeats, and the scheduler resubscribes with the framework id it had.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeartbeatWatchdogTest {

    @Test
    void aSilentStreamIsDroppedAndTheFrameworkResubscribes() throws Exception {
        CountDownLatch resubscribed = new CountDownLatch(1);
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            if (n == 1) {
                resubscribed.countDown();
            }
            // Heartbeats every 0.2 s are promised, and then nothing comes.
            ScriptedMaster.event(out, Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                    .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FrameworkID.newBuilder()
                            .setValue("fw-1")).setHeartbeatIntervalSeconds(0.2)).build());
            holder[0].holdOpen(); // the stream stays open: only the watchdog can end it
        })) {
            holder[0] = master;
            FerryScheduler scheduler = StatusUpdateOrderTest.scheduler(master.url());
            long start = System.nanoTime();
            scheduler.start();
            try {
                assertThat(resubscribed.await(30, TimeUnit.SECONDS)).as("resubscribed").isTrue();
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("fault-cost kind=silent-master heartbeat_s=0.2 to_resubscribe_ms=%d%n", elapsedMs);
                // The watchdog dropped the stream, and not before it was silent for 5 missed heartbeats (the test's
                // settings) of 0.2 s each.
                assertThat(scheduler.state().lastError()).contains("(5 heartbeats missed)");
                assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
                assertThat(master.subscribeCalls.get(1).getFrameworkId().getValue()).isEqualTo("fw-1");
                assertThat(master.subscribeCalls.get(1).getSubscribe().getFrameworkInfo().getId().getValue())
                        .isEqualTo("fw-1");
            } finally {
                scheduler.stop();
            }
        }
    }
}
