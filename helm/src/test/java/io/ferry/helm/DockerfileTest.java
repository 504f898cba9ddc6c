package io.ferry.helm;

import static io.ferry.helm.RenderedChart.at;
import static io.ferry.helm.RenderedChart.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and the chart agree: the image's user is the chart's fixed uid, its port the container's, and it
 * copies every layer of the app's jar. No Docker engine is needed (none runs here to build it); its syntax is
 * linted by .ci/run.
 */
class DockerfileTest {

    private static final Path ROOT = Path.of(System.getProperty("ferry.helm.root", "..")).toAbsolutePath();

    private static List<String> finalStage;

    @BeforeAll
    static void read() throws IOException {
        List<String> instructions = instructions(Files.readString(ROOT.resolve("Dockerfile")));
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        finalStage = instructions.subList(last, instructions.size());
    }

    @Test
    void runsOnAJre17AsTheChartsNonRootUser() {
        assertThat(finalStage.get(0)).isEqualTo("FROM eclipse-temurin:17-jre");
        Map<String, Object> pod = RenderedChart.map(RenderedChart.renderDefaults().get("Deployment"),
                "spec.template.spec");
        assertThat(the("USER")).isEqualTo(at(pod, "securityContext.runAsUser") + ":"
                + at(pod, "securityContext.runAsGroup"));
    }

    @Test
    void exposesTheContainersPort() {
        Map<String, Object> port = RenderedChart.asMap(list(RenderedChart.renderDefaults().container(), "ports")
                .get(0), "the port");
        assertThat(the("EXPOSE")).isEqualTo(String.valueOf(port.get("containerPort")));
    }

    @Test
    void stateDirectoryIsTheOneTheChartMounts() {
        assertThat(the("ENV")).isEqualTo("FERRY_MESOS_STATEDIR=/var/lib/ferry");
        assertThat(RenderedChart.renderDefaults().envValue("FERRY_MESOS_STATEDIR")).isEqualTo("/var/lib/ferry");
    }

    @Test
    void copiesEveryLayerOfTheJarInItsOrderAndStartsTheLauncher() throws IOException {
        Path jar = ROOT.resolve("target/ferry.jar");
        assumeTrue(Files.isRegularFile(jar), "no " + jar + " to read the layers of: build the app first "
                + "(./mvnw verify builds it before this module)");
        List<String> layers = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            String index = new String(file.getInputStream(file.getEntry("BOOT-INF/layers.idx")).readAllBytes(),
                    StandardCharsets.UTF_8);
            Matcher layer = Pattern.compile("(?m)^- \"([^\"]+)\":$").matcher(index);
            while (layer.find()) {
                layers.add(layer.group(1));
            }
        }
        assertThat(layers).isNotEmpty();
        List<String> copies = finalStage.stream().filter(i -> i.startsWith("COPY --from=layers ")).toList();
        assertThat(copies).containsExactlyElementsOf(
                layers.stream().map(l -> "COPY --from=layers /layers/extracted/" + l + "/ ./").toList());
        assertThat(the("ENTRYPOINT"))
                .isEqualTo("[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
    }

    /** The arguments of the final stage's only instruction {@code name}. */
    private static String the(String name) {
        List<String> found = finalStage.stream().filter(i -> i.startsWith(name + " ")).toList();
        assertThat(found).as("%s instructions of the final stage", name).hasSize(1);
        return found.get(0).substring(name.length() + 1);
    }

    /** The Dockerfile's instructions, one a line: comments and blank lines out, continuation lines joined. */
    private static List<String> instructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return instructions;
    }
}
