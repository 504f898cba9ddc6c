package io.ferry.helm;

import static io.ferry.helm.RenderedChart.MASTER;
import static io.ferry.helm.RenderedChart.NAMESPACE;
import static io.ferry.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chart's own Secret: the values it holds, and the generated password an upgrade keeps. */
class ChartSecretTest {

    @AfterEach
    void forgetTheCluster() {
        SecretLookupApi.start().clear();
    }

    @Test
    void holdsTheGivenSecretsAndTheContainerReadsThemAll() {
        RenderedChart chart = RenderedChart.render(c -> c.set("mesos.master", MASTER)
                .set("mesos.principal", "ferry").set("secrets.mesosSecret", "mesos-pass")
                .set("secrets.operatorPassword", "operator-pass").set("secrets.apiToken", "token-0123456789abcdef"));

        assertThat(decoded(chart)).isEqualTo(Map.of("operator-password", "operator-pass",
                "api-token", "token-0123456789abcdef", "mesos-secret", "mesos-pass"));
        // The chart's own Secret has every key it names: no reference is optional.
        assertThat(chart.env("FERRY_SECURITY_APITOKEN")).hasValue(Map.of("name", "FERRY_SECURITY_APITOKEN",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "prod-ferry", "key", "api-token"))));
        assertThat(chart.env("FERRY_MESOS_SECRET")).hasValue(Map.of("name", "FERRY_MESOS_SECRET",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "prod-ferry", "key", "mesos-secret"))));
        assertThat(chart.envValue("FERRY_MESOS_PRINCIPAL")).isEqualTo("ferry");
    }

    @Test
    void anUpgradeKeepsTheGeneratedPassword() {
        String installed = decoded(RenderedChart.renderDefaults()).get("operator-password");
        SecretLookupApi.start().put(NAMESPACE, "prod-ferry", "operator-password",
                Base64.getEncoder().encodeToString(installed.getBytes(StandardCharsets.UTF_8)));

        RenderedChart upgraded = RenderedChart.renderDefaults();

        assertThat(decoded(upgraded).get("operator-password")).isEqualTo(installed);
    }

    @Test
    void aFreshInstallGetsANewPassword() {
        assertThat(decoded(RenderedChart.renderDefaults()).get("operator-password"))
                .isNotEqualTo(decoded(RenderedChart.renderDefaults()).get("operator-password"));
    }

    @Test
    void aGivenPasswordReplacesTheOneInTheCluster() {
        SecretLookupApi.start().put(NAMESPACE, "prod-ferry", "operator-password",
                Base64.getEncoder().encodeToString("old".getBytes(StandardCharsets.UTF_8)));

        RenderedChart chart = RenderedChart.render(c -> c.set("mesos.master", MASTER)
                .set("secrets.operatorPassword", "new-password"));

        assertThat(decoded(chart).get("operator-password")).isEqualTo("new-password");
    }

    private static Map<String, String> decoded(RenderedChart chart) {
        Map<String, Object> data = map(chart.get("Secret"), "data");
        return data.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode((String) e.getValue()), StandardCharsets.UTF_8)));
    }
}
