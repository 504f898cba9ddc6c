package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.support.GenericApplicationContext;

/**
 * An application context that is paused and restarted (as Spring's test context cache does with the contexts it
 * keeps for later tests) keeps its scheduler running and subscribed: a stopped scheduler could not start again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerPauseTest {

    @Test
    void aPausedAndRestartedContextKeepsTheSchedulerRunning() throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            FerryScheduler scheduler = OfferDecisionsTest.scheduler(master.url(), Duration.ofSeconds(30));
            try (GenericApplicationContext context = new GenericApplicationContext()) {
                context.registerBean(FerryScheduler.class, () -> scheduler);
                context.refresh();
                OfferDecisionsTest.awaitSubscribed(scheduler);

                context.pause();
                context.restart();

                assertThat(scheduler.isRunning()).isTrue();
                assertThat(scheduler.state().connected()).isTrue();
                assertThat(master.subscribeCalls).hasSize(1);
            }
            assertThat(scheduler.isRunning()).as("closing the context stops it").isFalse();
        }
    }
}
