package io.ferry.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a Ferry executor keeps what each task wrote to {@code System.out} and {@code System.err}, relative to its
 * sandbox: {@code tasks/<task directory>/stdout} and {@code …/stderr}. The executor writes there and the app reads
 * there (through the agent's {@code /files/read}, below the sandbox directory of the executor's
 * {@link ExecutorHello}), so both take the path from here.
 *
 * <p>A directory per task, with files named like the sandbox's own {@code stdout} and {@code stderr}: a task's
 * output reads the way an executor's does, and {@code /files/browse} of {@code tasks} lists one entry per task
 * that wrote anything (a task that writes nothing gets no directory).
 *
 * <p>The task directory's name is the Mesos task id, escaped so that any id is one safe file name: characters
 * other than {@code A-Z a-z 0-9 - _ .} (and a leading {@code .}, so never {@code .} or {@code ..}) become
 * {@code %XX} per UTF-8 byte, so two ids never share a name; a name longer than {@value #MAX_NAME} characters is
 * cut and ends in {@code ~} and a digest of the whole id instead ({@code ~} is escaped everywhere else).
 * Ferry's own ids ({@code t<run>-<n>.<attempt>}) are left as they are.
 */
public final class TaskOutputLayout {

    /** The directory below the sandbox that holds one directory per task that wrote output. */
    public static final String TASKS = "tasks";
    /** Longest directory name; file systems allow 255 bytes. */
    static final int MAX_NAME = 200;
    private static final int DIGEST_HEX = 32;

    /** A task's two output streams, each a file named after it in the task's directory. */
    public enum Stream {
        STDOUT, STDERR;

        /** {@code stdout} or {@code stderr}. */
        public String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private TaskOutputLayout() {
    }

    /** The name of the directory of the task with Mesos task id {@code taskId} (see the class comment). */
    public static String directoryName(String taskId) {
        if (taskId.isEmpty()) {
            throw new IllegalArgumentException("a task id is never empty");
        }
        StringBuilder name = new StringBuilder(taskId.length());
        byte[] bytes = taskId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (plain(b) && !(i == 0 && b == '.')) {
                name.append((char) b);
            } else {
                name.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) b));
            }
        }
        if (name.length() <= MAX_NAME) {
            return name.toString();
        }
        int keep = MAX_NAME - 1 - DIGEST_HEX;
        // Never cut an escape in two: the kept part stays a prefix of an escaped name.
        int percent = name.lastIndexOf("%", keep - 1);
        if (percent >= 0 && percent + 3 > keep) {
            keep = percent;
        }
        return name.substring(0, keep) + "~" + digest(bytes);
    }

    /** {@code tasks/<directory name>/<stream>}: the file's path relative to the executor's sandbox. */
    public static String relativePath(String taskId, Stream stream) {
        return TASKS + "/" + directoryName(taskId) + "/" + stream.fileName();
    }

    private static boolean plain(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_'
                || b == '.';
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(sha).substring(0, DIGEST_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
