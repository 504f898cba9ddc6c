package io.ferry.helm;

import static io.ferry.helm.RenderedChart.MASTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.TemplateCommand;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Values that cannot make a working Ferry stop {@code helm template} (and so install and upgrade) with a message
 * naming the value: the schema's ranges and forms, and the template's own rules.
 */
class ChartRejectsTest {

    private static void rejected(UnaryOperator<TemplateCommand> values, String... messageParts) {
        assertThatThrownBy(() -> RenderedChart.render(values)).hasMessageContainingAll(messageParts);
    }

    @Test
    void noMasterWithoutLocalCluster() {
        rejected(c -> c, "mesos.master is required", "localCluster=true");
    }

    @Test
    void masterAndLocalClusterTogether() {
        rejected(c -> c.set("mesos.master", MASTER).set("localCluster", true),
                "mesos.master and localCluster are both set");
    }

    @Test
    void masterThatIsNotHttp() {
        rejected(c -> c.set("mesos.master", "mesos-master:5050"), "values don't meet the specifications of the schema",
                "mesos.master: Does not match pattern");
        rejected(c -> c.set("mesos.master", "zk://zk1:2181/mesos"), "mesos.master: Does not match pattern");
    }

    @Test
    void advertisedUrlWithAQuery() {
        rejected(c -> c.set("mesos.master", MASTER).set("advertisedUrl", "http://ferry:8080/?x=1"),
                "advertisedUrl: Does not match pattern");
    }

    @Test
    void negativeOrTooSmallResources() {
        rejected(c -> c.set("mesos.master", MASTER).set("executor.cpus", -1),
                "executor.cpus: Must be greater than or equal to 0.01");
        rejected(c -> c.set("mesos.master", MASTER).set("executor.memMb", 32),
                "executor.memMb: Must be greater than or equal to 64");
        rejected(c -> c.set("mesos.master", MASTER).set("task.cpus", 0),
                "task.cpus: Must be greater than or equal to 0.001");
        rejected(c -> c.set("mesos.master", MASTER).set("task.maxRetries", 101),
                "task.maxRetries: Must be less than or equal to 100");
    }

    @Test
    void negativeOrTooSmallResourcesAsStrings() {
        // `--set executor.cpus=0.005` gives the string "0.005": the template checks what the schema cannot.
        rejected(c -> c.set("mesos.master", MASTER).set("executor.cpus", "0.005"),
                "executor.cpus=0.005: must be at least 0.01");
        rejected(c -> c.set("mesos.master", MASTER).set("executor.cpus", "-0.5"), "executor.cpus");
    }

    @Test
    void durationWithoutUnit() {
        rejected(c -> c.set("mesos.master", MASTER).set("task.timeout", "10 minutes"),
                "task.timeout: Does not match pattern");
    }

    @Test
    void shortApiToken() {
        rejected(c -> c.set("mesos.master", MASTER).set("secrets.apiToken", "short"), "secrets.apiToken");
    }

    @Test
    void mesosSecretWithoutPrincipal() {
        rejected(c -> c.set("mesos.master", MASTER).set("secrets.mesosSecret", "s3cret"),
                "secrets.mesosSecret needs mesos.principal");
    }

    @Test
    void misspelledKey() {
        rejected(c -> c.set("mesos.master", MASTER).set("mesos.mastr", MASTER), "mesos: Additional property mastr is not allowed");
    }

    @Test
    void theSameValuesValid() {
        // The cases above fail for their one bad value: with it removed, the same values render.
        assertThat(RenderedChart.render(c -> c.set("mesos.master", MASTER).set("executor.cpus", "0.5")
                .set("task.timeout", "600s").set("secrets.apiToken", "0123456789abcdef")
                .set("mesos.principal", "ferry").set("secrets.mesosSecret", "s3cret")).kinds())
                .contains("Deployment", "Secret");
        assertThat(RenderedChart.render(c -> c.set("mesos.master", MASTER).set("executor.cpus", "0.5"))
                .envValue("FERRY_EXECUTOR_CPUS")).isEqualTo("0.5");
    }
}
