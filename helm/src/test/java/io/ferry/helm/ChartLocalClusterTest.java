package io.ferry.helm;

import static io.ferry.helm.RenderedChart.MASTER;
import static io.ferry.helm.RenderedChart.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo without Mesos (localCluster), and the state directory on a claim of the user's. */
class ChartLocalClusterTest {

    @Test
    void localClusterSetsNeitherMasterNorAdvertisedUrl() {
        RenderedChart chart = RenderedChart.render(c -> c.set("localCluster", true));

        // Unset, the app starts its embedded cluster, whose agents reach it on loopback.
        assertThat(chart.env("FERRY_MESOS_MASTER")).isEmpty();
        assertThat(chart.env("FERRY_ADVERTISEDURL")).isEmpty();
        assertThat(chart.kinds()).containsExactly("Deployment", "Secret", "Service", "ServiceAccount");
    }

    @Test
    void stateOnAnExistingClaim() {
        RenderedChart chart = RenderedChart.render(c -> c.set("mesos.master", MASTER)
                .set("persistence.enabled", true).set("persistence.existingClaim", "ferry-state-2025"));

        assertThat(chart.find("PersistentVolumeClaim")).isEmpty();
        assertThat(list(chart.get("Deployment"), "spec.template.spec.volumes")).contains(
                Map.of("name", "state", "persistentVolumeClaim", Map.of("claimName", "ferry-state-2025")));
    }

    @Test
    void advertisedUrlFollowsFullnameNamespaceDomainAndPort() {
        RenderedChart chart = RenderedChart.render(c -> c.set("mesos.master", MASTER)
                .set("fullnameOverride", "jobs").set("clusterDomain", "k8s.internal").set("service.port", 80));

        assertThat(chart.envValue("FERRY_ADVERTISEDURL")).isEqualTo("http://jobs.batch.svc.k8s.internal:80");
    }
}
