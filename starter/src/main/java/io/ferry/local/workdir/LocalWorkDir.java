package io.ferry.local.workdir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work directory of an embedded cluster that lives with this process, from its start to its stop, so that
 * neither a clean stop nor a crash leaves it behind for good:
 *
 * <ul>
 *   <li><b>Temporary</b> (none configured): a new {@code ferry-local-*} directory below the temporary directory,
 *       carrying an {@link OwnerMarker owner marker} of this process. A clean stop removes it, except the
 *       sandboxes it is asked to keep (those of failed executors, so that the reason of a failure outlives the
 *       run); it then marks the directory let go of, for the next start to remove.</li>
 *   <li><b>Configured</b> (a directory the user chose): used as it is and never removed, nor marked: a marker left
 *       in it (the user chose an old temporary directory) is dropped, so that no start takes it for a dead
 *       run's.</li>
 *   <li><b>At every start</b>, the {@code ferry-local-*} directories beside the temporary ones whose marker says
 *       their owner is gone — it stopped, or its process no longer runs — are removed ({@link WorkDirSweep}).
 *       A directory without a readable marker (not Ferry's, or of a Ferry that wrote none) is left alone.</li>
 * </ul>
 */
public final class LocalWorkDir {

    /** Name prefix of the temporary directories, and of those a start looks at. */
    public static final String PREFIX = "ferry-local-";

    private static final Logger log = LoggerFactory.getLogger(LocalWorkDir.class);

    private final Path path;
    private final boolean temporary;
    private final OwnerMarker owner;

    private LocalWorkDir(Path path, boolean temporary, OwnerMarker owner) {
        this.path = path;
        this.temporary = temporary;
        this.owner = owner;
    }

    /**
     * Opens the work directory: {@code configured}, or if that is null a new temporary one in
     * {@code java.io.tmpdir}; then removes the directories of dead runs there.
     */
    public static LocalWorkDir open(Path configured) throws IOException {
        return open(configured, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #open(Path)}, with the temporary directories in {@code temporaryParent}. */
    public static LocalWorkDir open(Path configured, Path temporaryParent) throws IOException {
        LocalWorkDir dir;
        if (configured == null) {
            Files.createDirectories(temporaryParent);
            Path created = Files.createTempDirectory(temporaryParent, PREFIX).toAbsolutePath().normalize();
            OwnerMarker owner = OwnerMarker.ofThisProcess();
            try {
                // Until the marker is there, a sweep takes the directory for someone else's and leaves it alone.
                owner.writeTo(created);
            } catch (IOException e) {
                Trees.delete(created);
                throw e;
            }
            dir = new LocalWorkDir(created, true, owner);
        } else {
            Path chosen = configured.toAbsolutePath().normalize();
            Files.createDirectories(chosen);
            if (OwnerMarker.readFrom(chosen).isPresent()) { // a file of that name that is no marker is the user's
                Files.deleteIfExists(chosen.resolve(OwnerMarker.FILE_NAME));
            }
            dir = new LocalWorkDir(chosen, false, null);
        }
        WorkDirSweep.Swept swept = WorkDirSweep.sweep(temporaryParent.toAbsolutePath().normalize(), PREFIX,
                Set.of(dir.path));
        if (!swept.removed().isEmpty()) {
            log.info("Removed {} work director{} of Ferry runs that are gone: {}", swept.removed().size(),
                    swept.removed().size() == 1 ? "y" : "ies", String.join(", ", swept.removed()));
        }
        if (!swept.failed().isEmpty()) {
            log.warn("Could not remove {} work director{} of Ferry runs that are gone: {}", swept.failed().size(),
                    swept.failed().size() == 1 ? "y" : "ies", String.join(", ", swept.failed()));
        }
        return dir;
    }

    public Path path() {
        return path;
    }

    /** Whether Ferry created the directory (and removes it), rather than the user choosing it. */
    public boolean temporary() {
        return temporary;
    }

    /**
     * The cluster stopped cleanly: a temporary directory is removed but for {@code keep} (directories below it;
     * others and those that do not exist are ignored), and if anything is kept, marked let go of so that the
     * next start removes it; one line says what was kept and where. A configured directory is left as it is.
     *
     * @param keep sandboxes of failed executors, worth reading after the stop
     */
    public void close(List<Path> keep) {
        if (!temporary) {
            return;
        }
        List<Path> kept = new ArrayList<>();
        for (Path sandbox : keep) {
            Path normal = sandbox.toAbsolutePath().normalize();
            boolean below = normal.startsWith(path) && !normal.equals(path);
            if (below && Files.isDirectory(normal, LinkOption.NOFOLLOW_LINKS) && !kept.contains(normal)) {
                kept.add(normal);
            }
        }
        Path marker = path.resolve(OwnerMarker.FILE_NAME);
        try {
            if (kept.isEmpty()) {
                Trees.delete(path);
                return;
            }
            Set<Path> spared = new HashSet<>(kept);
            spared.add(marker);
            owner.stoppedAt(Instant.now()).writeTo(path);
            Trees.deleteAllBut(path, spared, false);
            log.info("Kept the sandboxes of {} failed executor{} in {}; removed at the next start: {}", kept.size(),
                    kept.size() == 1 ? "" : "s", path,
                    kept.stream().map(k -> path.relativize(k).toString()).collect(Collectors.joining(", ")));
        } catch (IOException e) {
            log.warn("Could not clean up the work directory {}: {}", path, e.toString());
        }
    }
}
