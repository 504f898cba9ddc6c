package io.ferry.web;

import io.ferry.sandbox.FileChunk;
import io.ferry.sandbox.FileDownload;
import io.ferry.sandbox.SandboxFileException;
import io.ferry.sandbox.SandboxFiles;
import io.ferry.scheduler.FerryScheduler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Reads text files of sandboxes through their agents for the pages and the API (executors' and tasks' stdout and
 * stderr), with the scheduler's {@link SandboxFiles}: the same calls against a real agent and a local one. A piece
 * never ends inside a UTF-8 character, nor begins inside one when it is the end of the file the page asked for, so
 * that text shows whole and a follower that reads on from {@code nextOffset} loses nothing. Which file is read is
 * the caller's business: it names one the scheduler told it of, never one from a request.
 *
 * <p>Each call waits for the agent, bounded; a failure is the {@link SandboxFileException} it was (404: the agent
 * has no such file), which {@link ApiErrors} answers for the API.
 */
@Component
public class SandboxText {

    /** What one read gives at most: what a Mesos agent gives in one {@code /files/read} (16 pages of 4 KiB). */
    public static final int MAX_LENGTH = 64 * 1024;
    /** The most bytes of one UTF-8 character. */
    private static final int MAX_CHAR = 4;
    /** Beyond {@link SandboxFiles#TIMEOUT}, so that the client's own timeout is the one that speaks. */
    private static final long WAIT_SECONDS = SandboxFiles.TIMEOUT.toSeconds() + 5;

    private final FerryScheduler scheduler;

    SandboxText(FerryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The file's last {@code length} bytes (fewer, to begin at a character). */
    public TextChunk tail(String agentEndpoint, String path, int length) {
        FileChunk chunk = await(scheduler.sandboxFiles().tail(agentEndpoint, path, length));
        return chunk(chunk, chunk.data().length, chunk.end());
    }

    /**
     * Up to {@code length} bytes from {@code offset}, as whole characters: an {@code offset} inside a character
     * begins the piece at the next one, and a character the length would cut is left to the next piece, unless it
     * is the piece's only one, which then comes whole (up to 3 bytes more than asked), so that a follower reading
     * a few bytes at a time always gets on.
     *
     * @param name how the file is called in the answer when {@code offset} is wrong ("stdout")
     * @throws BadRequestException naming {@code offset} when it lies beyond the end of the file
     */
    public TextChunk read(String agentEndpoint, String path, String name, long offset, int length) {
        SandboxFiles files = scheduler.sandboxFiles();
        CompletableFuture<Long> size = files.size(agentEndpoint, path);
        // The bytes of a character the length cuts, and those of the next one if the piece begins inside one.
        CompletableFuture<FileChunk> read = files.read(agentEndpoint, path, offset, length + 2L * (MAX_CHAR - 1));
        long known = await(size);
        FileChunk chunk = await(read);
        // The size was asked at the same time as the bytes: a file that grew meanwhile is as long as what was read.
        if (chunk.data().length > 0) {
            known = Math.max(known, chunk.end());
        }
        checkOffset(offset, known, name);
        return chunk(chunk, length, known);
    }

    /** Whether the agent has the file: false when it answers 404. */
    public boolean exists(String agentEndpoint, String path) {
        try {
            await(scheduler.sandboxFiles().size(agentEndpoint, path));
            return true;
        } catch (SandboxFileException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /** The whole file, streamed from the agent; the caller closes it. */
    public FileDownload download(String agentEndpoint, String path) {
        return await(scheduler.sandboxFiles().download(agentEndpoint, path));
    }

    /** @throws BadRequestException naming {@code offset} when it lies beyond a file of {@code size} bytes */
    public static void checkOffset(long offset, long size, String name) {
        if (offset > size) {
            throw new BadRequestException("offset", "is beyond the end of " + name + " (" + size + " bytes)");
        }
    }

    /**
     * The whole characters of {@code chunk}'s first {@code length} bytes: continuation bytes it begins with are
     * skipped (at most 3: a byte of a file that is not UTF-8 still shows, as U+FFFD), and bytes at the end that
     * begin a character it cuts are left out, unless the piece would be empty while that character is complete in
     * the chunk. Offsets stay exact bytes of the file.
     */
    static TextChunk chunk(FileChunk chunk, int length, long size) {
        byte[] data = chunk.data();
        int from = 0;
        if (chunk.offset() > 0) {
            while (from < data.length && from < MAX_CHAR - 1 && isContinuation(data[from])) {
                from++;
            }
        }
        int end = Math.min(data.length, Math.max(from, length));
        int to = end - incompleteTail(data, from, end);
        if (to == from && from < data.length) {
            int whole = from + characterLength(data[from]);
            if (whole <= data.length && incompleteTail(data, from, whole) == 0) {
                to = whole; // asked for less than a character: the character, so that a reader gets on
            }
        }
        byte[] kept = from == 0 && to == data.length ? data : Arrays.copyOfRange(data, from, to);
        return new TextChunk(new String(kept, StandardCharsets.UTF_8), chunk.offset() + from, chunk.offset() + to,
                size);
    }

    /**
     * How many bytes before {@code end} begin a UTF-8 character that the piece cuts: they are left to the next read,
     * which begins with them. Bytes that could not begin a character stay (a file need not be UTF-8).
     */
    static int incompleteTail(byte[] data, int from, int end) {
        for (int back = 1; back <= MAX_CHAR - 1 && end - back >= from; back++) {
            int b = data[end - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte: look further back for the lead
            }
            int needs = characterLength((byte) b);
            return needs > back ? back : 0;
        }
        return 0;
    }

    /** How many bytes the UTF-8 character that {@code lead} begins has (1 for a byte that begins none). */
    private static int characterLength(byte lead) {
        int b = lead & 0xff;
        return (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 1;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xc0) == 0x80;
    }

    /** Waits for the agent's answer, bounded; its failure comes out as the {@link SandboxFileException} it is. */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw unwrapped(e.getCause());
        } catch (CompletionException e) {
            throw unwrapped(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new SandboxFileException("the agent did not answer within " + WAIT_SECONDS + "s", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxFileException("interrupted while reading from the agent", 0, e);
        }
    }

    private static RuntimeException unwrapped(Throwable cause) {
        Throwable t = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        return t instanceof RuntimeException r ? r : new SandboxFileException(String.valueOf(t.getMessage()), 0, t);
    }
}
