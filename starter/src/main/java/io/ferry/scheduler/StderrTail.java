package io.ferry.scheduler;

import io.ferry.sandbox.SandboxFileException;
import io.ferry.sandbox.SandboxFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the last lines of a file in an executor's sandbox through the agent ({@link SandboxFiles}, as on any Mesos
 * agent): at most {@link #MAX_BYTES} from its end. Off the loop: the answer is a future.
 */
final class StderrTail {

    /**
     * What is read of a file's end: enough for a JVM's complaint and the head of a long stack trace, small enough
     * to read on every failed start.
     */
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_LINES = 20;
    /** A line longer than this is cut (a stack trace line rarely is; a binary file's "line" may be). */
    private static final int MAX_LINE = 300;

    /** The last lines of the file, or why they could not be read. */
    record Tail(List<String> lines, String problem) {
        static Tail failed(String problem) {
            return new Tail(List.of(), problem);
        }
    }

    private final SandboxFiles files;

    StderrTail(SandboxFiles files) {
        this.files = files;
    }

    /** The last lines of {@code path} on the agent at {@code endpoint} ({@code host:port}); never fails. */
    CompletableFuture<Tail> read(String endpoint, String path) {
        return files.tail(endpoint, path, MAX_BYTES)
                .thenApply(chunk -> new Tail(lines(chunk.text(), chunk.offset() > 0), null))
                .exceptionally(e -> Tail.failed(e.getCause() instanceof SandboxFileException failure
                        ? failure.getMessage() : MasterConnection.describe(e)));
    }

    /**
     * The last {@link #MAX_LINES} non-blank lines; the first is dropped when the read began mid-file (partial). When
     * they begin inside a stack trace, its head (the exception's name and message) comes first, then "…": the frames
     * alone would not say what was thrown.
     */
    static List<String> lines(String data, boolean partialFirst) {
        String[] all = data.split("\r?\n");
        List<String> lines = new ArrayList<>();
        for (int i = partialFirst ? 1 : 0; i < all.length; i++) {
            String line = all[i].stripTrailing();
            if (!line.isEmpty()) {
                lines.add(line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "…");
            }
        }
        int from = Math.max(0, lines.size() - MAX_LINES);
        List<String> kept = new ArrayList<>(lines.subList(from, lines.size()));
        if (from > 0 && isFrame(lines.get(from))) {
            for (int i = from - 1; i >= 0; i--) {
                if (!isFrame(lines.get(i))) {
                    kept.subList(0, 2).clear(); // room for the head and the mark, within MAX_LINES
                    kept.add(0, "…");
                    kept.add(0, lines.get(i));
                    break;
                }
            }
        }
        return List.copyOf(kept);
    }

    /** A line of a stack trace below its head: a frame, or "... n more". */
    private static boolean isFrame(String line) {
        String t = line.stripLeading();
        return line.length() > t.length() && (t.startsWith("at ") || t.startsWith("..."));
    }
}
