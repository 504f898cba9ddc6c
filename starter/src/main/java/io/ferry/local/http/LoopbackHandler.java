package io.ferry.local.http;

import java.io.IOException;

/**
 * Responds to one request of a {@link LoopbackHttpServer}, on a worker thread of its {@link LoopbackServerGroup}
 * (never an event loop, so it may block), one request of a connection at a time. The request is whole: its body
 * has arrived.
 */
@FunctionalInterface
public interface LoopbackHandler {

    /**
     * Responds to {@code exchange}, or starts a streamed response that another thread writes and ends with
     * {@link LoopbackExchange#close()}. An IOException closes the connection.
     */
    void handle(LoopbackExchange exchange) throws IOException;
}
