package io.ferry.local.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UninitializedMessageException;
import io.ferry.local.http.LoopbackExchange;
import io.ferry.local.http.Responses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Reads the {@code Call} of a v1 API request the way Mesos does, for both the scheduler and the executor API:
 * POST only, an exact {@code Content-Type}, a body that parses and has every required field (docs/mesos-notes.md
 * §1.2, §1.4). A refused request has had its response when this returns null.
 */
public final class CallReader {

    private CallReader() {
    }

    /**
     * @param builder an empty builder of the API's Call message
     * @param api     {@code scheduler} or {@code executor}, for Mesos' wording of the errors
     * @return the call, or null if the request was refused (and its response sent)
     */
    @SuppressWarnings("unchecked")
    public static <M extends Message> M read(LoopbackExchange exchange, Message.Builder builder, String api)
            throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            Responses.body(exchange);
            Responses.methodNotAllowed(exchange, "POST");
            return null;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Optional<Encoding> encoding = contentType == null ? Optional.empty() : Encoding.ofContentType(contentType);
        if (encoding.isEmpty()) {
            Responses.body(exchange);
            if (contentType == null) {
                Responses.text(exchange, 400, "Expecting 'Content-Type' to be present");
            } else {
                Responses.text(exchange, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
            }
            return null;
        }
        String unparsable = null;
        // Parsed from the stream, not from the body read into one array first: a call carrying tasks or a result
        // of several MiB then costs one copy of its bytes fields, not two plus the body.
        try (InputStream body = exchange.getRequestBody()) {
            try {
                encoding.get().parse(body, builder);
            } catch (InvalidProtocolBufferException e) {
                unparsable = e.getMessage();
            }
            body.transferTo(OutputStream.nullOutputStream()); // what a parse error left, so the connection is reusable
        }
        if (unparsable != null) {
            Responses.text(exchange, 400, "Failed to parse body into Call protobuf: " + unparsable);
            return null;
        }
        try {
            return (M) builder.build();
        } catch (UninitializedMessageException e) {
            Responses.text(exchange, 400, "Failed to validate " + api + "::Call: Not initialized: "
                    + e.getMissingFields());
        }
        return null;
    }
}
