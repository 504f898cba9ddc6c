package io.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import io.ferry.autoconfigure.MasterEndpoint;
import io.ferry.e2e.LocalModeTest;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The embedded cluster serves any v1 HTTP framework, not only Ferry's: a minimal one written in the test subscribes
 * to the same master Ferry uses, gets offers, and Ferry keeps running tasks beside it.
 */
@LocalModeTest
class SecondFrameworkBesideFerryTest {

    @Autowired
    MasterEndpoint master;
    @Autowired
    TaskService tasks;

    @Test
    void aSecondFrameworkReceivesOffersBesideFerry() throws Exception {
        assertThat(master.local()).isTrue();
        // Ferry is subscribed and working while the other framework arrives.
        assertThat(tasks.submit(() -> "before").get(90, TimeUnit.SECONDS)).isEqualTo("before");

        try (TestFramework other = TestFramework.subscribe(master.url(), false, TestFramework.info("other").build())) {
            Offer offer = other.awaitOffer();
            assertThat(offer.getFrameworkId().getValue()).isNotEmpty();
            assertThat(offer.getResourcesList()).extracting(r -> r.getName()).contains("cpus", "mem");

            // Declined with a long filter, the offers go back to the pool; Ferry still gets its share.
            other.declineAll(60);
            assertThat(tasks.submit(() -> "beside").get(90, TimeUnit.SECONDS)).isEqualTo("beside");

            // Leave as a framework should: the master would otherwise keep offering to it until it notices the
            // closed stream (on its next heartbeat), and those offers would be missing for Ferry meanwhile.
            TestFramework.expect202(other.call(Call.newBuilder().setType(Call.Type.TEARDOWN)));
        }
    }
}
