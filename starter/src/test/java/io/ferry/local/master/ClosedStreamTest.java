package io.ferry.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestFramework;
import io.ferry.local.protocol.EventStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler that closes its subscription is noticed long before the next heartbeat is due
 * ({@link EventStream}'s probing heartbeats): its offers go to the framework that is still there. The heartbeat
 * interval is a minute, so noticing it on the next heartbeat would take longer than this test waits.
 */
class ClosedStreamTest {

    @TempDir
    static Path workDir;
    static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir)
                .withHeartbeatInterval(Duration.ofMinutes(1)));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aFrameworkThatClosedItsStreamStopsHoldingOffers() throws Exception {
        TestFramework leaving = TestFramework.subscribe(cluster.masterUrl(), true,
                TestFramework.info("leaving").setFailoverTimeout(600).build());
        leaving.awaitOffer(); // the whole agent
        try (TestFramework staying = TestFramework.subscribe(cluster.masterUrl(), false,
                TestFramework.info("staying").build())) {
            int mark = staying.mark();
            assertThat(TestFramework.offerCount(staying.barrier(mark))).isZero();
            leaving.close();
            // Within TestFramework.WAIT (20 s), far less than the minute until the next heartbeat.
            assertThat(staying.awaitOffer().getAgentId().getValue()).isEqualTo(cluster.agents().get(0).id());
            staying.teardown();
        }
    }
}
