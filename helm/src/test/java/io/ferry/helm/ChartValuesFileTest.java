package io.ferry.helm;

import static io.ferry.helm.RenderedChart.at;
import static io.ferry.helm.RenderedChart.list;
import static io.ferry.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart rendered with {@code values-production.yaml}: every optional part on, and the user's own Secret. */
class ChartValuesFileTest {

    private static RenderedChart chart;

    @BeforeAll
    static void render() {
        chart = RenderedChart.render(c -> c.withValuesFile(RenderedChart.resource("values-production.yaml")));
    }

    @Test
    void rendersEveryOptionalPartButTheSecret() {
        assertThat(chart.kinds()).containsExactly("Deployment", "Ingress", "PersistentVolumeClaim", "Service",
                "ServiceAccount", "ServiceMonitor");
    }

    @Test
    void imageFromTheValues() {
        assertThat(chart.container()).containsEntry("image", "registry.example.com/batch/ferry:2026.11.3")
                .containsEntry("imagePullPolicy", "Always");
        assertThat(list(chart.get("Deployment"), "spec.template.spec.imagePullSecrets"))
                .containsExactly(Map.of("name", "registry-credentials"));
    }

    @Test
    void ferrysPropertiesAsEnvironment() {
        assertThat(chart.envValue("FERRY_MESOS_MASTER")).isEqualTo("https://mesos.example.com:5050");
        assertThat(chart.envValue("FERRY_ADVERTISEDURL")).isEqualTo("http://ferry.agents.example.com:30080");
        assertThat(chart.envValue("FERRY_MESOS_ROLE")).isEqualTo("batch");
        assertThat(chart.envValue("FERRY_MESOS_PRINCIPAL")).isEqualTo("ferry-batch");
        assertThat(chart.envValue("FERRY_MESOS_USER")).isEqualTo("nobody");
        assertThat(chart.envValue("FERRY_MESOS_FAILOVERTIMEOUT")).isEqualTo("2d");
        assertThat(chart.envValue("FERRY_EXECUTOR_CPUS")).isEqualTo("0.5");
        assertThat(chart.envValue("FERRY_EXECUTOR_MEMMB")).isEqualTo("512");
        assertThat(chart.envValue("FERRY_EXECUTOR_JAVAOPTS")).isEqualTo("-XX:+UseSerialGC -Xss1m");
        assertThat(chart.envValue("FERRY_TASK_CPUS")).isEqualTo("1");
        assertThat(chart.envValue("FERRY_TASK_MEMMB")).isEqualTo("1024");
        assertThat(chart.envValue("FERRY_TASK_TIMEOUT")).isEqualTo("2h");
        assertThat(chart.envValue("FERRY_TASK_MAXRETRIES")).isEqualTo("5");
        assertThat(chart.envValue("FERRY_SECURITY_READREQUIRESLOGIN")).isEqualTo("true");
        assertThat(chart.envValue("FERRY_HISTORY_SIZE")).isEqualTo("50000");
    }

    @Test
    void secretsFromTheExistingSecretTheOptionalOnesOptional() {
        assertThat(chart.find("Secret")).isEmpty();
        assertThat(chart.env("FERRY_SECURITY_PASSWORD")).hasValue(secretRef("FERRY_SECURITY_PASSWORD",
                Map.of("name", "ferry-credentials", "key", "operator-password")));
        assertThat(chart.env("FERRY_SECURITY_APITOKEN")).hasValue(secretRef("FERRY_SECURITY_APITOKEN",
                Map.of("name", "ferry-credentials", "key", "api-token", "optional", true)));
        assertThat(chart.env("FERRY_MESOS_SECRET")).hasValue(secretRef("FERRY_MESOS_SECRET",
                Map.of("name", "ferry-credentials", "key", "mesos-secret", "optional", true)));
        // No checksum of a Secret the chart does not render.
        assertThat(map(chart.get("Deployment"), "spec.template.metadata.annotations"))
                .doesNotContainKey("checksum/secret");
    }

    @Test
    void stateDirectoryOnTheClaim() {
        Map<String, Object> claim = chart.get("PersistentVolumeClaim");
        assertThat(at(claim, "metadata.name")).isEqualTo("ferry-scheduler-state");
        assertThat(at(claim, "metadata.annotations")).isEqualTo(Map.of("helm.sh/resource-policy", "keep"));
        assertThat(at(claim, "spec.storageClassName")).isEqualTo("fast-ssd");
        assertThat(at(claim, "spec.resources.requests.storage")).isEqualTo("1Gi");
        assertThat(list(chart.get("Deployment"), "spec.template.spec.volumes")).contains(
                Map.of("name", "state", "persistentVolumeClaim", Map.of("claimName", "ferry-scheduler-state")));
    }

    @Test
    void ingressToTheServicesPort() {
        Map<String, Object> ingress = chart.get("Ingress");
        assertThat(at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
        assertThat(list(ingress, "spec.tls")).hasSize(1);
        Map<String, Object> rule = RenderedChart.asMap(list(ingress, "spec.rules").get(0), "the rule");
        assertThat(rule.get("host")).isEqualTo("ferry.example.com");
        assertThat(list(rule, "http.paths")).containsExactly(Map.of("path", "/", "pathType", "Prefix",
                "backend", Map.of("service", Map.of("name", "ferry-scheduler", "port", Map.of("name", "http")))));
        assertThat(list(chart.get("Service"), "spec.ports")).containsExactly(
                Map.of("name", "http", "port", 30080, "targetPort", "http", "protocol", "TCP", "nodePort", 30080));
        assertThat(at(chart.get("Service"), "spec.type")).isEqualTo("NodePort");
    }

    @Test
    void serviceMonitorScrapesThePrometheusEndpoint() {
        Map<String, Object> monitor = chart.get("ServiceMonitor");
        assertThat(at(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(map(monitor, "metadata.labels")).containsEntry("release", "kube-prometheus");
        assertThat(list(monitor, "spec.endpoints")).containsExactly(Map.of("port", "http",
                "path", "/actuator/prometheus", "interval", "15s", "scrapeTimeout", "10s"));
        assertThat(map(monitor, "spec.selector.matchLabels"))
                .isEqualTo(map(chart.get("Service"), "spec.selector"));
        assertThat(list(monitor, "spec.namespaceSelector.matchNames")).containsExactly(RenderedChart.NAMESPACE);
    }

    @Test
    void podAnnotationsForPrometheus() {
        assertThat(map(chart.get("Deployment"), "spec.template.metadata.annotations")).containsAllEntriesOf(Map.of(
                "prometheus.io/scrape", "true", "prometheus.io/path", "/actuator/prometheus",
                "prometheus.io/port", "8080"));
    }

    @Test
    void securityContextStaysAsTheDefaults() {
        assertThat(at(chart.container(), "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(list(chart.container(), "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
        assertThat(at(chart.get("Deployment"), "spec.strategy.type")).isEqualTo("Recreate");
    }

    private static Map<String, Object> secretRef(String name, Map<String, Object> ref) {
        return Map.of("name", name, "valueFrom", Map.of("secretKeyRef", ref));
    }
}
