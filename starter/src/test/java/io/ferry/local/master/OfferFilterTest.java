package io.ferry.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.local.protocol.Resources;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.junit.jupiter.api.Test;

/** A framework keeps no filter that another of its filters covers (same agent, more resources, lapses later). */
class OfferFilterTest {

    private static final Resources SMALL = Resources.of(1, 512, 0);
    private static final Resources LARGE = Resources.of(2, 1024, 0);

    private final Framework framework = new Framework(FrameworkID.newBuilder().setValue("f").build(),
            FrameworkInfo.newBuilder().setName("f").setUser("u").build());

    @Test
    void aLaterFilterOfTheSameLeftoversReplacesTheEarlierOne() {
        // One task at a time: each ACCEPT filters the same leftovers a moment longer than the last one did.
        assertThat(framework.addFilter(new OfferFilter("a", SMALL, 100))).isTrue();
        assertThat(framework.addFilter(new OfferFilter("a", SMALL, 200))).isTrue();
        assertThat(framework.addFilter(new OfferFilter("a", SMALL, 300))).isTrue();
        assertThat(framework.filters).containsExactly(new OfferFilter("a", SMALL, 300));
        assertThat(framework.filtered("a", SMALL, 250)).isTrue();
        assertThat(framework.filtered("a", SMALL, 300)).isFalse();
    }

    @Test
    void aCoveredFilterIsNotAdded() {
        assertThat(framework.addFilter(new OfferFilter("a", LARGE, 300))).isTrue();
        assertThat(framework.addFilter(new OfferFilter("a", SMALL, 200))).isFalse();
        assertThat(framework.filters).containsExactly(new OfferFilter("a", LARGE, 300));
    }

    @Test
    void filtersThatHideSomethingTheOthersDoNotAreKept() {
        OfferFilter large = new OfferFilter("a", LARGE, 100);
        OfferFilter smallButLonger = new OfferFilter("a", SMALL, 300);
        OfferFilter otherAgent = new OfferFilter("b", SMALL, 50);
        assertThat(framework.addFilter(large)).isTrue();
        assertThat(framework.addFilter(smallButLonger)).isTrue();
        assertThat(framework.addFilter(otherAgent)).isTrue();
        assertThat(framework.filters).containsExactly(large, smallButLonger, otherAgent);
        assertThat(framework.nextFilterExpiry(0).getAsLong()).isEqualTo(50);
        assertThat(framework.nextFilterExpiry(60).getAsLong()).isEqualTo(100);
        // After the large one lapses, the small one still hides the small leftovers, not the whole agent.
        assertThat(framework.filtered("a", LARGE, 150)).isFalse();
        assertThat(framework.filtered("a", SMALL, 150)).isTrue();
        assertThat(framework.nextFilterExpiry(150).getAsLong()).isEqualTo(300);
        assertThat(framework.nextFilterExpiry(300)).isEmpty();
    }
}
