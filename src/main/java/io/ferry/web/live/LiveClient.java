package io.ferry.web.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One connected browser: its emitter and its mailbox. The mailbox keeps only the newest unsent frame of each type,
 * so a client that reads slowly costs at most one frame per type, and gets the newest state when it reads again.
 *
 * <p>Frames are offered by the publisher thread (never blocking: a map update under this object's monitor) and
 * written by one writer thread at a time ({@link #drain()}). Only the writer touches the emitter once it is open:
 * the emitter's own lock is held for the whole of a blocking write, so another thread calling into it would wait
 * on the browser too.
 */
final class LiveClient {

    private final SseEmitter emitter;
    private final Map<String, Frame> pending = new LinkedHashMap<>();
    /** A writer is draining, or is about to: offers only add to the mailbox. Guarded by this. */
    private boolean draining;
    /** Guarded by this. */
    private boolean closed;
    /** System.nanoTime() when the write in progress began; 0 when none is. */
    private volatile long writingSince;

    LiveClient(SseEmitter emitter) {
        this.emitter = emitter;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /**
     * Puts a frame in the mailbox, in place of an unsent one of the same type.
     *
     * @return true when the caller must run {@link #drain()} on a writer thread
     */
    synchronized boolean offer(Frame frame) {
        if (closed) {
            return false;
        }
        pending.put(frame.type(), frame);
        return startDraining();
    }

    /**
     * Closes the mailbox: nothing more is written, and the emitter is completed by the writer.
     *
     * @return true when the caller must run {@link #drain()} on a writer thread (none is running to complete it)
     */
    synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        pending.clear();
        return startDraining();
    }

    /** How long the write in progress has been going on, in nanoseconds; 0 when none is. */
    long writingFor(long nowNanos) {
        long since = writingSince;
        return since == 0 ? 0 : nowNanos - since;
    }

    /**
     * Writes what the mailbox holds until it is empty; completes the emitter once closed. On a writer thread only.
     *
     * @return false when a write failed (the browser is gone): the client must be removed
     */
    boolean drain() {
        while (true) {
            List<Frame> batch;
            synchronized (this) {
                if (closed) {
                    break;
                }
                if (pending.isEmpty()) {
                    draining = false;
                    return true;
                }
                batch = new ArrayList<>(pending.values());
                pending.clear();
            }
            for (Frame frame : batch) {
                writingSince = System.nanoTime();
                try {
                    emitter.send(frame.event());
                } catch (IOException | IllegalStateException e) {
                    // Gone (a reset or closed connection), or completed by the container (timeout, error).
                    synchronized (this) {
                        closed = true;
                        pending.clear();
                    }
                    complete();
                    return false;
                } finally {
                    writingSince = 0;
                }
            }
        }
        complete();
        return true;
    }

    private void complete() {
        try {
            emitter.complete();
        } catch (RuntimeException alreadyDone) {
            // The container completed it first (the browser left): nothing to finish.
        }
    }

    private boolean startDraining() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }
}
