package io.ferry.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the framework id between runs, so that a restarted app subscribes as the same framework within its
 * failover timeout and finds its executors and tasks again. A store without a directory keeps nothing (local
 * mode: the embedded master is new on every start, so an old id would only be refused).
 */
public final class FrameworkIdStore {

    private static final Logger log = LoggerFactory.getLogger(FrameworkIdStore.class);
    private final Path file;

    private FrameworkIdStore(Path file) {
        this.file = file;
    }

    public static FrameworkIdStore in(Path directory) {
        return new FrameworkIdStore(directory.resolve("framework-id"));
    }

    public static FrameworkIdStore none() {
        return new FrameworkIdStore(null);
    }

    public Optional<String> load() {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the framework id from " + file, e);
        }
    }

    void save(String id) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("framework-id.tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Cannot keep the framework id in {}: a restart will register a new framework ({})", file,
                    e.getMessage());
        }
    }

    void clear() {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot remove {}: {}", file, e.getMessage());
        }
    }
}
