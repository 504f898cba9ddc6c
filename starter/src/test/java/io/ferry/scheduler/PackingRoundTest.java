package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.Offer.Operation;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A packing round looks at a few ready tasks first and at more while all of them fit: an offer that holds more
 * tasks than the first look still takes as many as fit. A scripted master plays the master's part; the scheduler is
 * the real one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PackingRoundTest {

    @Test
    void oneOfferTakesAllTheQueuedTasksThatFitBeyondTheFirstLook() throws Exception {
        ScriptedMaster[] holder = new ScriptedMaster[1];
        CountDownLatch queued = new CountDownLatch(1);
        try (ScriptedMaster master = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            if (queued.await(20, TimeUnit.SECONDS)) {
                ScriptedMaster.event(out, OfferDecisionsTest.offers(
                        OfferDecisionsTest.offer("big", "agent-1", 8, 8192)));
            }
            holder[0].holdOpen();
        })) {
            holder[0] = master;
            FerryScheduler scheduler = OfferDecisionsTest.scheduler(master.url(), Duration.ofSeconds(5));
            scheduler.start();
            try {
                OfferDecisionsTest.awaitSubscribed(scheduler);
                for (int i = 0; i < 900; i++) {
                    OfferDecisionsTest.submit(scheduler, scheduler.newTaskId(), 0.01, 1);
                }
                queued.countDown(); // the offer comes after the 900 submissions, on the same loop

                Call accept = master.awaitCall(Call.Type.ACCEPT, 20);
                int launched = 0;
                for (Operation op : accept.getAccept().getOperationsList()) {
                    launched += op.getLaunch().getTaskInfosCount() + op.getLaunchGroup().getTaskGroup().getTasksCount();
                }
                // 8 cpus less the executor's 0.1 hold 790 tasks of 0.01 (memory holds more): all in this ACCEPT,
                // although the round's first look takes in fewer ready tasks than that.
                assertThat(launched).isEqualTo(790);
            } finally {
                scheduler.stop();
            }
        }
    }
}
