package io.ferry.local.http;

import java.io.IOException;

/** Answers one request of a {@link LoopbackHttpServer}, on the connection's thread. */
@FunctionalInterface
public interface LoopbackHandler {

    /**
     * Answers {@code exchange}, or starts a streamed answer that another thread writes and ends with
     * {@link LoopbackExchange#close()}. An IOException closes the connection.
     */
    void handle(LoopbackExchange exchange) throws IOException;
}
