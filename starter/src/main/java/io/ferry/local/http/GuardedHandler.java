package io.ferry.local.http;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler whose failures never leave an exchange hanging: a broken connection closes it, a bug gets a 500
 * response with the error (as Mesos responds to an internal failure) and is logged once.
 */
public abstract class GuardedHandler implements LoopbackHandler {

    private static final Logger log = LoggerFactory.getLogger(GuardedHandler.class);

    @Override
    public final void handle(LoopbackExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (IOException e) {
            exchange.close();
        } catch (RuntimeException e) {
            log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            Responses.text(exchange, 500, "Internal error: " + e);
        }
    }

    protected abstract void serve(LoopbackExchange exchange) throws IOException;
}
