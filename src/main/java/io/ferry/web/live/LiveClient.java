package io.ferry.web.live;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One connected browser: its emitter and its mailbox. The mailbox keeps only the newest unsent frame of each type,
 * so a client that reads slowly costs at most one frame per type, and gets the newest state when it reads again.
 * The task stream's diffs are the exception: each one counts, so they queue, at most {@link #STREAM_QUEUE} of them;
 * a client whose queue overflows (or that just connected) gets no more diffs until the publisher hands it the
 * whole window ({@link #needsWindow()}, {@link #offerWindow}), which replaces its queue, so it catches up.
 *
 * <p>Frames are offered by the publisher thread (never blocking: a map update under this object's monitor) and
 * written by one writer thread at a time ({@link #drain()}). Only the writer touches the emitter once it is open:
 * the emitter's own lock is held for the whole of a blocking write, so another thread calling into it would wait
 * on the browser too.
 */
final class LiveClient {

    /** Diffs a client may be behind by before it is sent the window instead: four seconds of them at two a second. */
    static final int STREAM_QUEUE = 8;
    static final String STREAM = "stream";

    private final SseEmitter emitter;
    private final Sent sent;
    private final Map<String, Frame> pending = new LinkedHashMap<>();
    /** Unsent stream frames, oldest first: diffs, maybe after a window. Guarded by this. */
    private final ArrayDeque<Frame> stream = new ArrayDeque<>();
    /** The client has no usable stream: it just connected, or its diffs overflowed. Guarded by this. */
    private boolean needsWindow = true;
    /** A writer is draining, or is about to: offers only add to the mailbox. Guarded by this. */
    private boolean draining;
    /** Guarded by this. */
    private boolean closed;
    /** System.nanoTime() when the write in progress began; 0 when none is. */
    private volatile long writingSince;

    /** What the writer reports of each frame written, and of each overflow: for the metrics. */
    interface Sent {
        void frame(Frame frame);

        void overflow();
    }

    LiveClient(SseEmitter emitter, Sent sent) {
        this.emitter = emitter;
        this.sent = sent;
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
        if (frame.type().equals(STREAM)) {
            if (needsWindow) {
                return false; // the window it waits for has this diff too
            }
            if (stream.size() == STREAM_QUEUE) {
                stream.clear();
                needsWindow = true;
                sent.overflow();
                return false;
            }
            stream.addLast(frame);
        } else {
            pending.put(frame.type(), frame);
        }
        return startDraining();
    }

    /** Whether the client waits for the task stream's window (it connected, or fell behind). */
    synchronized boolean needsWindow() {
        return needsWindow && !closed;
    }

    /**
     * Puts the task stream's window in the mailbox in place of any unsent stream frame: the diffs that follow it
     * queue behind it.
     *
     * @return true when the caller must run {@link #drain()} on a writer thread
     */
    synchronized boolean offerWindow(Frame window) {
        if (closed) {
            return false;
        }
        stream.clear();
        stream.addLast(window);
        needsWindow = false;
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
        stream.clear();
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
                if (pending.isEmpty() && stream.isEmpty()) {
                    draining = false;
                    return true;
                }
                batch = new ArrayList<>(pending.values());
                batch.addAll(stream);
                pending.clear();
                stream.clear();
            }
            for (Frame frame : batch) {
                writingSince = System.nanoTime();
                try {
                    emitter.send(frame.event());
                    sent.frame(frame);
                } catch (IOException | IllegalStateException e) {
                    // Gone (a reset or closed connection), or completed by the container (timeout, error).
                    synchronized (this) {
                        closed = true;
                        pending.clear();
                        stream.clear();
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
