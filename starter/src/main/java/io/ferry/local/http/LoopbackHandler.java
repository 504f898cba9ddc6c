package io.ferry.local.http;

import java.io.IOException;

/**
 * Responds to one request of a {@link LoopbackHttpServer}, one request of a connection at a time: on a worker
 * thread of its {@link LoopbackServerGroup}, or on the event loop if it says it never blocks ({@link #mayBlock()}).
 * The request is whole: its body has arrived.
 */
@FunctionalInterface
public interface LoopbackHandler {

    /**
     * Responds to {@code exchange}, or starts a streamed response that another thread writes and ends with
     * {@link LoopbackExchange#close()}. An IOException closes the connection.
     */
    void handle(LoopbackExchange exchange) throws IOException;

    /**
     * Whether {@link #handle} may block (locks held long, files, waiting for another thread). A handler that never
     * does (it parses, hands its work to a loop and answers) runs on the event loop that read the request, which
     * saves two thread hand-offs per request; the others run on a worker.
     */
    default boolean mayBlock() {
        return true;
    }
}
