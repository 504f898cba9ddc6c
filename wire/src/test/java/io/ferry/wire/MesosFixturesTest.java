package io.ferry.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The index is what lets other modules list the fixtures from the test jar, so it must name exactly the files
 * that are there; here, in this module, the fixtures are a plain directory that can be listed to check it.
 */
class MesosFixturesTest {

    /** The fixture directory: in this module the test resources are a directory, not a jar. */
    private static Path directory() throws URISyntaxException {
        URL index = MesosFixtures.class.getClassLoader().getResource(MesosFixtures.ROOT + MesosFixtures.INDEX);
        assertThat(index).isNotNull();
        assertThat(index.getProtocol()).isEqualTo("file");
        return Path.of(index.toURI()).getParent();
    }

    @Test
    void theIndexNamesExactlyTheFixtureFiles() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(directory())) {
            assertThat(files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.equals(MesosFixtures.INDEX) && !n.equals("README.md")).sorted())
                    .containsExactlyElementsOf(MesosFixtures.all());
        }
    }

    @Test
    void everyFixtureIsNamedInTheReadme() throws IOException, URISyntaxException {
        String readme = Files.readString(directory().resolve("README.md"));
        for (String name : MesosFixtures.all()) {
            assertThat(readme).as("README.md mentions %s", name).contains("`" + name + "`");
        }
    }

    @Test
    void readsByNameAndPrefix() {
        assertThat(MesosFixtures.json("executor-event-")).contains("executor-event-launch-group.json")
                .allMatch(n -> n.startsWith("executor-event-") && n.endsWith(".json"));
        assertThat(MesosFixtures.named("scheduler-event-stream")).containsExactly("scheduler-event-stream.recordio");
        assertThat(MesosFixtures.read("executor-event-shutdown.json")).contains("\"SHUTDOWN\"");
        assertThat(MesosFixtures.typeName("executor-event-launch-group.json", "executor-event-"))
                .isEqualTo("LAUNCH_GROUP");
        assertThatThrownBy(() -> MesosFixtures.named("no-such-")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MesosFixtures.read("no-such.json")).isInstanceOf(IllegalStateException.class);
    }
}
