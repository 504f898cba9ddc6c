package io.ferry.local.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.ferry.local.http.LoopbackExchange;
import io.ferry.local.http.Responses;
import java.io.IOException;
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
     * @param prototype the API's Call message (its default instance)
     * @param api     {@code scheduler} or {@code executor}, for Mesos' wording of the errors
     * @return the call, or null if the request was refused (and its response sent)
     */
    @SuppressWarnings("unchecked")
    public static <M extends Message> M read(LoopbackExchange exchange, M prototype, String api)
            throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            Responses.body(exchange);
            Responses.methodNotAllowed(exchange, "POST");
            return null;
        }
        String contentType = exchange.requestHeader("Content-Type");
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
        Message call;
        try {
            call = encoding.get().parse(exchange.requestBody(), prototype);
        } catch (InvalidProtocolBufferException e) {
            Responses.text(exchange, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
            return null;
        }
        if (!call.isInitialized()) {
            Responses.text(exchange, 400, "Failed to validate " + api + "::Call: Not initialized: "
                    + call.findInitializationErrors());
            return null;
        }
        return (M) call;
    }
}
