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

    /** What is kept of a file's end: enough for a JVM's complaint or the last log lines, small enough for a message. */
    static final int MAX_BYTES = 4096;
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

    /** The last {@link #MAX_LINES} non-blank lines; the first is dropped when the read began mid-file (partial). */
    static List<String> lines(String data, boolean partialFirst) {
        String[] all = data.split("\r?\n");
        List<String> lines = new ArrayList<>();
        for (int i = partialFirst ? 1 : 0; i < all.length; i++) {
            String line = all[i].stripTrailing();
            if (!line.isEmpty()) {
                lines.add(line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "…");
            }
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    }
}
