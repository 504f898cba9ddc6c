package io.ferry.helm;

import static io.ferry.helm.RenderedChart.MASTER;
import static io.ferry.helm.RenderedChart.at;
import static io.ferry.helm.RenderedChart.list;
import static io.ferry.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart rendered as a user installs it: the default values and the one required value, the master's URL. */
class ChartDefaultsTest {

    private static RenderedChart chart;

    @BeforeAll
    static void render() {
        chart = RenderedChart.renderDefaults();
    }

    @Test
    void rendersTheAppAndNothingOptional() {
        assertThat(chart.kinds()).containsExactly("Deployment", "Secret", "Service", "ServiceAccount");
    }

    @Test
    void oneReplicaReplacedNeverRolled() {
        Map<String, Object> deployment = chart.get("Deployment");
        assertThat(at(deployment, "metadata.name")).isEqualTo("prod-ferry");
        assertThat(at(deployment, "spec.replicas")).isEqualTo(1);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("Recreate");
    }

    @Test
    void imageIsTheAppVersionOfTheChart() {
        assertThat(chart.container().get("image")).isEqualTo("ferry:" + ChartMetadata.read().appVersion());
    }

    @Test
    void portsOfContainerAndService() {
        assertThat(list(chart.container(), "ports"))
                .containsExactly(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
        Map<String, Object> service = chart.get("Service");
        assertThat(at(service, "spec.type")).isEqualTo("ClusterIP");
        assertThat(list(service, "spec.ports"))
                .containsExactly(Map.of("name", "http", "port", 8080, "targetPort", "http", "protocol", "TCP"));
        assertThat(map(service, "spec.selector")).isEqualTo(map(chart.get("Deployment"), "spec.selector.matchLabels"));
    }

    @Test
    void probesAskTheActuatorsHealthGroups() {
        Map<String, Object> container = chart.container();
        assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(container, probe + ".httpGet.port")).as(probe).isEqualTo("http");
        }
    }

    @Test
    void masterAndTheServicesDnsNameAsAdvertisedUrl() {
        assertThat(chart.envValue("FERRY_MESOS_MASTER")).isEqualTo(MASTER);
        assertThat(chart.envValue("FERRY_ADVERTISEDURL"))
                .isEqualTo("http://prod-ferry.batch.svc.cluster.local:8080");
        assertThat(chart.envValue("FERRY_MESOS_ROLE")).isEqualTo("*");
        assertThat(chart.envValue("FERRY_MESOS_STATEDIR")).isEqualTo("/var/lib/ferry");
        assertThat(chart.envValue("FERRY_EXECUTOR_CPUS")).isEqualTo("0.1");
        assertThat(chart.envValue("FERRY_EXECUTOR_MEMMB")).isEqualTo("256");
        assertThat(chart.envValue("FERRY_TASK_MAXRETRIES")).isEqualTo("2");
        assertThat(chart.envValue("FERRY_TASK_TIMEOUT")).isEqualTo("10m");
        assertThat(chart.env("FERRY_MESOS_PRINCIPAL")).isEmpty();
        assertThat(chart.env("FERRY_MESOS_SECRET")).isEmpty();
        assertThat(chart.env("FERRY_SECURITY_APITOKEN")).isEmpty();
    }

    @Test
    void nonRootReadOnlyNoCapabilities() {
        Map<String, Object> pod = map(chart.get("Deployment"), "spec.template.spec");
        assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
        assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
        assertThat(at(pod, "enableServiceLinks")).isEqualTo(false);
        Map<String, Object> container = chart.container();
        assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(container, "securityContext.capabilities.drop")).containsExactly("ALL");
        assertThat(map(container, "resources.requests")).containsKeys("cpu", "memory");
        assertThat(map(container, "resources.limits")).containsKeys("cpu", "memory");
        // The read-only root leaves /tmp and the state directory writable, both in the pod's own emptyDirs.
        assertThat(list(container, "volumeMounts")).containsExactlyInAnyOrder(
                Map.of("name", "tmp", "mountPath", "/tmp"), Map.of("name", "state", "mountPath", "/var/lib/ferry"));
        assertThat(list(pod, "volumes")).containsExactlyInAnyOrder(
                Map.of("name", "tmp", "emptyDir", Map.of()), Map.of("name", "state", "emptyDir", Map.of()));
    }

    @Test
    void operatorPasswordFromTheChartsOwnSecret() {
        Map<String, Object> secret = chart.get("Secret");
        assertThat(at(secret, "metadata.name")).isEqualTo("prod-ferry");
        Map<String, Object> data = map(secret, "data");
        assertThat(data).containsOnlyKeys("operator-password");
        String password = new String(Base64.getDecoder().decode((String) data.get("operator-password")),
                StandardCharsets.UTF_8);
        assertThat(password).hasSize(24).matches("[A-Za-z0-9]+");
        assertThat(chart.env("FERRY_SECURITY_PASSWORD")).hasValue(Map.of("name", "FERRY_SECURITY_PASSWORD",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "prod-ferry", "key", "operator-password"))));
    }

    @Test
    void noScrapeAnnotationsUnlessAskedFor() {
        Map<String, Object> annotations = map(chart.get("Deployment"), "spec.template.metadata.annotations");
        assertThat(annotations).containsOnlyKeys("checksum/secret");
    }
}
