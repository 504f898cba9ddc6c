package io.ferry.local.workdir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Removes the work directories of Ferry runs that are gone: below a parent, the directories named
 * {@code <prefix>*} whose {@link OwnerMarker} says that their owner stopped or no longer runs. Everything else
 * stays: a directory without a marker or with one that does not read, one whose owner runs, one of another pid
 * namespace, symbolic links, and the directories {@code spared}.
 */
final class WorkDirSweep {

    /**
     * What a sweep did.
     *
     * @param removed each removed directory, with why (e.g. {@code /tmp/ferry-local-1 (pid 42 gone)})
     * @param failed  each directory that should have gone but could not be removed, with the error
     */
    record Swept(List<String> removed, List<String> failed) {
    }

    private WorkDirSweep() {
    }

    static Swept sweep(Path parent, String prefix, Set<Path> spared) {
        List<String> removed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path dir : entries) {
                if (spared.contains(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<OwnerMarker> marker = OwnerMarker.readFrom(dir);
                if (marker.isEmpty() || !marker.get().ownerGone()) {
                    continue;
                }
                try {
                    Trees.delete(dir);
                    removed.add(dir + " (" + marker.get().whyGone() + ")");
                } catch (IOException e) {
                    failed.add(dir + " (" + e + ")");
                }
            }
        } catch (NoSuchFileException e) {
            // no parent, nothing left behind
        } catch (IOException e) {
            failed.add(parent + " (" + e + ")");
        }
        return new Swept(List.copyOf(removed), List.copyOf(failed));
    }
}
