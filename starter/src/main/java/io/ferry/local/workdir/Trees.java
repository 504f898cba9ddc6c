package io.ferry.local.workdir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Deleting directory trees. Symbolic links are deleted, never followed (a sandbox's {@code runs/latest} is one),
 * and a file already gone (another Ferry start removing the same directory) is no error.
 */
final class Trees {

    private Trees() {
    }

    /** Deletes {@code root} and everything below it. */
    static void delete(Path root) throws IOException {
        deleteAllBut(root, Set.of(), true);
    }

    /**
     * Deletes everything below {@code root} except the paths in {@code keep} (with what is below them), the
     * directories on the way to them, and {@code root} itself unless {@code andRoot} (kept if anything is kept).
     */
    static void deleteAllBut(Path root, Set<Path> keep, boolean andRoot) throws IOException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return keep.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!keep.contains(file)) {
                        Files.deleteIfExists(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    if ((andRoot || !dir.equals(root)) && keep.stream().noneMatch(k -> k.startsWith(dir))) {
                        Files.deleteIfExists(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // removed meanwhile by someone else: what was asked
        }
    }
}
