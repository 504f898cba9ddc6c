package io.ferry.local.http;

import java.io.IOException;

/** Responds to one request of a {@link LoopbackHttpServer}, on the connection's thread. */
@FunctionalInterface
public interface LoopbackHandler {

    /**
     * Responds to {@code exchange}, or starts a streamed response that another thread writes and ends with
     * {@link LoopbackExchange#close()}. An IOException closes the connection.
     */
    void handle(LoopbackExchange exchange) throws IOException;
}
