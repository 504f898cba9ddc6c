package io.ferry.local.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writing the plain, non-streaming responses of the local cluster's endpoints. */
public final class Responses {

    private Responses() {
    }

    /** Reads the whole request body; callers do so before responding, so the connection stays reusable. */
    public static byte[] body(LoopbackExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** A status with an empty body, e.g. the 202 of an accepted call. */
    public static void empty(LoopbackExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** An error as Mesos gives it: a plain-text message body. */
    public static void text(LoopbackExchange exchange, int status, String message) throws IOException {
        bytes(exchange, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }

    public static void json(LoopbackExchange exchange, byte[] json) throws IOException {
        bytes(exchange, 200, "application/json", json);
    }

    private static void bytes(LoopbackExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    public static void methodNotAllowed(LoopbackExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        text(exchange, 405, "Expecting one of { '" + allowed + "' }, but received '"
                + exchange.getRequestMethod() + "'");
    }
}
