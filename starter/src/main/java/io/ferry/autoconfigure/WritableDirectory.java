package io.ferry.autoconfigure;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether Ferry can keep files in a directory. Tried, not deduced from permission bits: those say nothing about a
 * read-only mount, /proc, or a process running as root. The directory is created if it is missing (Ferry would
 * create it moments later anyway); the probe file is removed.
 */
final class WritableDirectory {

    private WritableDirectory() {
    }

    /** Why Ferry cannot write in {@code dir}, or empty if it can. */
    static Optional<String> problem(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Optional.of("is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return Optional.of("cannot be created (" + describe(e) + ")");
        }
        try {
            Path probe = Files.createTempFile(dir, ".ferry-write-check-", "");
            Files.delete(probe);
        } catch (IOException e) {
            return Optional.of("is not writable (" + describe(e) + ")");
        }
        return Optional.empty();
    }

    /** The operating system's reason, without the path the message repeats. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file";
        }
        if (e instanceof NotDirectoryException) {
            return "a parent is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        return e.toString();
    }
}
