package io.ferry.local.workdir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The file {@value #FILE_NAME} that Ferry writes into each work directory it creates: which process owns the
 * directory, so that a later start can tell a directory left by a dead run from one a live app is using. A text
 * file of {@code key=value} lines:
 *
 * <pre>
 * # Ferry local mode: removed by a later start of Ferry once this owner is gone
 * pid=12345
 * started=2025-05-04T10:15:30.120Z
 * pidns=pid:[4026531836]
 * stopped=2025-05-04T11:00:02.500Z
 * </pre>
 *
 * @param pid          the owning process
 * @param started      its start time, if the platform tells ({@link ProcessHandle.Info#startInstant()}); null if not
 * @param pidNamespace the pid namespace the pid belongs to ({@code /proc/self/ns/pid} on Linux); null elsewhere
 * @param stopped      when the owner stopped cleanly and let go of the directory; null while it owns it
 */
record OwnerMarker(long pid, Instant started, String pidNamespace, Instant stopped) {

    static final String FILE_NAME = "ferry-owner";
    /**
     * Two reads of one process's start time agree to the tick; a pid taken again by another process within a
     * second is not a case worth deleting a live directory for, so only a larger difference means another process.
     */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    /** This process, owning. */
    static OwnerMarker ofThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new OwnerMarker(self.pid(), self.info().startInstant().orElse(null), thisPidNamespace(), null);
    }

    /** The same owner, having let go of the directory at {@code when}. */
    OwnerMarker stoppedAt(Instant when) {
        return new OwnerMarker(pid, started, pidNamespace, when);
    }

    /**
     * Whether the directory is nobody's any more: its owner let go of it, or the owner process is gone (no process
     * with the pid, or one that started at another time). A pid of another pid namespace (a container sharing the
     * directory's parent) says nothing here, and never counts as gone.
     */
    boolean ownerGone() {
        if (stopped != null) {
            return true;
        }
        if (!Objects.equals(pidNamespace, thisPidNamespace())) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> start = process.get().info().startInstant();
        return started != null && start.isPresent()
                && Duration.between(started, start.get()).abs().compareTo(SAME_START) > 0;
    }

    /** A few words for the log: why the directory is nobody's. */
    String whyGone() {
        return stopped != null ? "stopped at " + stopped : "pid " + pid + " gone";
    }

    /** Writes the marker into {@code directory}, replacing any: written aside, then moved, so no reader sees half. */
    void writeTo(Path directory) throws IOException {
        StringBuilder text = new StringBuilder("# Ferry local mode: removed by a later start of Ferry once this owner"
                + " is gone\n");
        text.append("pid=").append(pid).append('\n');
        if (started != null) {
            text.append("started=").append(started).append('\n');
        }
        if (pidNamespace != null) {
            text.append("pidns=").append(pidNamespace).append('\n');
        }
        if (stopped != null) {
            text.append("stopped=").append(stopped).append('\n');
        }
        Path aside = directory.resolve("." + FILE_NAME + "-" + UUID.randomUUID());
        Files.writeString(aside, text, StandardCharsets.UTF_8);
        try {
            Files.move(aside, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(aside, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /** The marker in {@code directory}; empty if there is none, or one that does not read as a whole marker. */
    static Optional<OwnerMarker> readFrom(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            if (!fields.containsKey("pid")) {
                return Optional.empty();
            }
            return Optional.of(new OwnerMarker(Long.parseLong(fields.get("pid")), instant(fields.get("started")),
                    fields.get("pidns"), instant(fields.get("stopped"))));
        } catch (IOException | NumberFormatException | DateTimeParseException e) {
            return Optional.empty(); // unreadable: not provably Ferry's, so left alone
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** The pid namespace of this process, where the platform has them (Linux); null elsewhere. */
    static String thisPidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
