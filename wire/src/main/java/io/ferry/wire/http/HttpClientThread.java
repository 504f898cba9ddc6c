package io.ferry.wire.http;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The thread of the HTTP client's event loop, as a plain executor for work that never blocks and wants to be where
 * the client's events arrive: the scheduler's loop runs there, so that an event the client decodes is handled
 * without waking another thread, and a call the loop sends is written without waking the client's. With more than
 * one client thread ({@code io.ferry.http.threads}), the first one.
 */
public final class HttpClientThread {

    private HttpClientThread() {
    }

    /**
     * Runs tasks on the client's event-loop thread, in the order given. It lives as long as the JVM. What is
     * executed runs before the loop looks at its sockets again; what is scheduled (even with no delay), after.
     */
    public static ScheduledExecutorService executor() {
        return ClientEventLoop.FIRST;
    }

    /** Whether the caller runs on that thread. */
    public static boolean inThread() {
        return ClientEventLoop.FIRST.inEventLoop();
    }
}
