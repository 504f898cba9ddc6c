package io.ferry.helm;

import static io.ferry.helm.RenderedChart.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * NOTES.txt, which {@code helm template} leaves out: rendered by a client-only dry-run install, which needs no
 * cluster and prints the notes after the manifests.
 */
class ChartNotesTest {

    private static String notes(UnaryOperator<InstallCommand> options) {
        InstallCommand install = new Helm(RenderedChart.chart()).install().clientOnly().dryRun()
                .withName(RenderedChart.RELEASE).withNamespace(RenderedChart.NAMESPACE);
        String output = options.apply(install).call().getOutput();
        assertThat(output).contains("NOTES:");
        return output.substring(output.indexOf("NOTES:"));
    }

    @Test
    void sayHowToReachTheDashboardAndReadThePassword() {
        String notes = notes(c -> c.set("mesos.master", MASTER));
        assertThat(notes)
                .contains("kubectl --namespace batch port-forward service/prod-ferry 8080:8080")
                .contains("kubectl --namespace batch get secret prod-ferry")
                .contains("jsonpath='{.data.operator-password}' | base64 -d")
                .contains("Agents reach the app at: http://prod-ferry.batch.svc.cluster.local:8080")
                .contains("a new pod registers as a new framework");
    }

    @Test
    void nameTheIngressAndTheExistingSecret() {
        String notes = notes(c -> c.set("mesos.master", MASTER).set("ingress.enabled", true)
                .set("ingress.hosts[0].host", "ferry.batch.example").set("ingress.hosts[0].paths[0].path", "/")
                .set("ingress.hosts[0].paths[0].pathType", "Prefix")
                .set("secrets.existingSecret", "ferry-credentials").set("persistence.enabled", true));
        assertThat(notes)
                .contains("http://ferry.batch.example/")
                .contains("get secret ferry-credentials")
                .doesNotContain("port-forward")
                .doesNotContain("registers as a new framework");
    }

    @Test
    void warnThatTheLocalClusterIsADemo() {
        assertThat(notes(c -> c.set("localCluster", true))).contains("DEMO: localCluster is true");
    }
}
