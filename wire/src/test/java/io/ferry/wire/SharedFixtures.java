package io.ferry.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds {@code shared/fixtures/mesos}, which lives beside the repository (in a developer's checkout as in CI's):
 * from the module directory that is {@code ../../shared}; the search walks up a few levels so that it also works
 * when tests run with another working directory.
 */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /** The fixture directory; fails with a message saying where it looked. */
    public static Path mesos() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(Path.of("shared", "fixtures", "mesos"));
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures/mesos not found in " + start + " or any directory above it;"
                + " the shared/ folder belongs beside the repository (../shared from its root)");
    }

    /** The fixture files whose names start with {@code prefix}, sorted. */
    public static List<Path> named(String prefix) {
        try (Stream<Path> files = Files.list(mesos())) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no fixture named " + prefix + "* in " + mesos());
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
