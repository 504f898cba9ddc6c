package io.ferry.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The executor jar the app serves to agents ({@link ExecutorFilesController}), as a digest of its bytes. */
public final class ExecutorJar {

    private ExecutorJar() {
    }

    /**
     * The first 12 bytes of the jar's SHA-256, in hex, or null when this build has no executor jar (some tests).
     * Names the jar's copy and class-data archive in {@code ferry.executor.cds-dir}: an archive serves only the jar
     * it was made from.
     */
    public static String digest(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(ExecutorFilesController.LOCATION + ExecutorFilesController.JAR)) {
            if (in == null) {
                return null;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the executor jar " + ExecutorFilesController.JAR, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
