package io.ferry.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Marathon app definitions of {@code marathon/} and Marathon's {@code AppDefinition} schema, which is not part of
 * the repository: it is read from {@code ../shared/schemas/marathon/} beside the repository, or from the directory
 * the system property {@code ferry.test.shared} names (a git worktree has no {@code ../shared} of its own).
 */
final class MarathonDefinitions {

    static final Path DIRECTORY = Path.of("marathon");
    static final Path COMMAND_DEFINITION = DIRECTORY.resolve("ferry.json");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private MarathonDefinitions() {
    }

    /** Every {@code marathon/*.json}, sorted by name. */
    static List<Path> all() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    static JsonNode read(Path definition) {
        return JSON.readTree(definition.toFile());
    }

    /** The definition's {@code env}, plain values only (a secret reference is no value to pass). */
    static Map<String, String> env(JsonNode definition) {
        Map<String, String> env = new LinkedHashMap<>();
        definition.path("env").properties().forEach(e -> {
            if (e.getValue().isString()) {
                env.put(e.getKey(), e.getValue().asString());
            }
        });
        return env;
    }

    /** Where Marathon's schema should be: {@code ferry.test.shared}, else {@code ../shared}. */
    static Path schema() {
        String shared = System.getProperty("ferry.test.shared");
        Path root = shared == null || shared.isBlank() ? Path.of("..", "shared") : Path.of(shared);
        return root.resolve("schemas").resolve("marathon").resolve("AppDefinition.json").toAbsolutePath().normalize();
    }
}
