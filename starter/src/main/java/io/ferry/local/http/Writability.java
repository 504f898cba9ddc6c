package io.ferry.local.http;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When a connection takes more output, for its two kinds of writers: a worker thread waits for it
 * ({@link #await}), the event loop, which must never wait, is called back ({@link #whenWritable}). A client that
 * reads nothing holds up its writers, never memory, and loses the connection after the stall timeout.
 */
final class Writability {

    private final Channel channel;
    private final Duration stallTimeout;
    private final Object monitor = new Object();
    // Event loop only:
    /** What runs once the connection is writable again (a stream's drain). */
    private Runnable onWritable;
    /** Closes the connection if it stays unwritable for the stall timeout. */
    private ScheduledFuture<?> stallCheck;

    Writability(Channel channel, Duration stallTimeout) {
        this.channel = channel;
        this.stallTimeout = stallTimeout;
    }

    /** On the event loop, when the channel's writability changed or it closed: wakes the writers. */
    void changed() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
        if (channel.isWritable() || !channel.isActive()) {
            Runnable then = onWritable;
            onWritable = null;
            if (stallCheck != null) {
                stallCheck.cancel(false);
                stallCheck = null;
            }
            if (then != null) {
                then.run(); // after a close its write fails, and the stream learns it is broken
            }
        }
    }

    /**
     * Waits until the connection takes more output. Past the stall timeout the connection closes and this throws.
     * Returns at once on the event loop, which never waits (nothing written on it is large).
     */
    void await() throws IOException {
        Channel ch = channel;
        if (ch.eventLoop().inEventLoop()) {
            return;
        }
        if (!ch.isWritable()) {
            ch.flush(); // what is written but not flushed counts too, and would never drain
        }
        long deadline = System.nanoTime() + stallTimeout.toNanos();
        synchronized (monitor) {
            while (ch.isActive() && !ch.isWritable()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    ch.close();
                    throw new IOException("The client read nothing for " + stallTimeout);
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting to write", e);
                }
            }
        }
        if (!ch.isActive()) {
            throw new IOException("Connection closed");
        }
    }

    /**
     * On the event loop, for a writer that must not wait there (an event stream): runs {@code then} on the event
     * loop once the connection takes more output, or once it has closed; now if it takes output already. A client
     * that reads nothing for the stall timeout has its connection closed.
     */
    void whenWritable(Runnable then) {
        Channel ch = channel;
        if (ch.isWritable() || !ch.isActive()) {
            then.run();
            return;
        }
        onWritable = then;
        if (stallCheck == null) {
            stallCheck = ch.eventLoop().schedule(() -> {
                stallCheck = null;
                if (onWritable != null && !ch.isWritable()) {
                    ch.close();
                }
            }, stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Whether a write now would not pile up: also true once closed, where the write fails and says so. */
    boolean now() {
        return channel.isWritable() || !channel.isActive();
    }
}
