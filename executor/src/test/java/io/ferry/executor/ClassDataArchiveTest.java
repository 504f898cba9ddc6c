package io.ferry.executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive's check before it is renamed into place: a whole archive passes, a damaged one is refused. */
class ClassDataArchiveTest {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m");

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aWholeArchivePassesItsCheckAndADamagedOneIsRefused(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out,
                new Manifest())) {
            // a jar with nothing but its manifest: the archive records the class path it was made for
        }
        Path classList = Files.writeString(dir.resolve("classes.list"), "java/lang/Object\njava/lang/String\n");
        Path archive = dir.resolve("app.jsa");
        Path log = dir.resolve("dump.log");

        ClassDataArchive.dump(OPTIONS, jar.toString(), classList, archive, log);
        ClassDataArchive.check(OPTIONS, jar.toString(), archive, log);

        flipBytesInTheMiddle(archive);
        assertThatThrownBy(() -> ClassDataArchive.check(OPTIONS, jar.toString(), archive, log))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("the check of the new archive exited with")
                // Not a crash of a JVM that mapped the damaged archive: the check refused it.
                .hasMessageContaining("Checksum verification failed");
    }

    private static void flipBytesInTheMiddle(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = f.length() / 2;
            byte[] bytes = new byte[64];
            f.seek(middle);
            f.readFully(bytes);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ~bytes[i];
            }
            f.seek(middle);
            f.write(bytes);
        }
    }
}
