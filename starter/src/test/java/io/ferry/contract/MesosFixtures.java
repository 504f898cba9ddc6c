package io.ferry.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The JSON examples of the Mesos docs, shared beside the repository in {@code ../shared/fixtures/mesos/}. */
final class MesosFixtures {

    static final Path DIR = locate();

    private MesosFixtures() {
    }

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/fixtures/mesos").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Mesos fixtures not found: expected ../shared/fixtures/mesos beside the"
                + " repository (working directory " + Path.of("").toAbsolutePath() + ")");
    }

    static List<Path> withPrefix(String prefix) {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code scheduler-event-launch-group.json} → {@code LAUNCH_GROUP}. */
    static String typeName(Path file, String prefix) {
        String name = file.getFileName().toString();
        return name.substring(prefix.length(), name.length() - ".json".length()).replace('-', '_').toUpperCase();
    }
}
