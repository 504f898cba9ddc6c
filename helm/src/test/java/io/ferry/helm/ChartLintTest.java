package io.ferry.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helm lint --strict}, and the chart's version against the project's. */
class ChartLintTest {

    /**
     * helm-java's lint takes no values, and the chart as it is has no master: so a copy whose values.yaml names one
     * is linted, the rest of the chart unchanged.
     */
    @Test
    void lintsCleanWithAMaster(@TempDir Path copy) throws IOException {
        Path chart = RenderedChart.chart();
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(chart.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path values = copy.resolve("values.yaml");
        String original = Files.readString(values);
        String withMaster = original.replace("  master: \"\"\n", "  master: " + RenderedChart.MASTER + "\n");
        assertThat(withMaster).as("values.yaml has the line `  master: \"\"`").isNotEqualTo(original);
        Files.writeString(values, withMaster);

        LintResult lint = new Helm(copy).lint().strict().call();

        assertThat(lint.isFailed()).as("lint: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")
                || m.contains("mesos.master is required"));
    }

    /**
     * Lint takes a template's {@code fail} for information only (Helm logs it; a chart may need values lint has not
     * got), so the chart as it is, without a master, lints clean too; {@code helm install} and {@code template} stop
     * at the fail (ChartRejectsTest).
     */
    @Test
    void lintsCleanAsItIs() {
        LintResult lint = new Helm(RenderedChart.chart()).lint().strict().call();

        assertThat(lint.isFailed()).as("lint: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void appVersionIsTheProjectsVersion() {
        String projectVersion = System.getProperty("ferry.helm.appVersion");
        assertThat(projectVersion).as("the build passes ferry.helm.appVersion").isNotBlank();
        assertThat(ChartMetadata.read().appVersion()).isEqualTo(projectVersion);
    }
}
