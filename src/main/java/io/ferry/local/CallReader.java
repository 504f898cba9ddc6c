package io.ferry.local;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UninitializedMessageException;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the {@code Call} of a v1 API request the way Mesos does, for both the scheduler and the executor API:
 * POST only, an exact {@code Content-Type}, a body that parses and has every required field (mesos-protocol.md
 * §1.2, §1.4). A refused request has been answered when this returns null.
 */
final class CallReader {

    private CallReader() {
    }

    /**
     * @param builder an empty builder of the API's Call message
     * @param api     {@code scheduler} or {@code executor}, for Mesos' wording of the errors
     * @return the call, or null if the request was refused (and answered)
     */
    @SuppressWarnings("unchecked")
    static <M extends Message> M read(LoopbackExchange exchange, Message.Builder builder, String api) throws IOException {
        byte[] body = Replies.body(exchange);
        if (!exchange.getRequestMethod().equals("POST")) {
            Replies.methodNotAllowed(exchange, "POST");
            return null;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null) {
            Replies.text(exchange, 400, "Expecting 'Content-Type' to be present");
            return null;
        }
        Optional<Encoding> encoding = Encoding.ofContentType(contentType);
        if (encoding.isEmpty()) {
            Replies.text(exchange, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
            return null;
        }
        try {
            return (M) encoding.get().parse(body, builder).build();
        } catch (InvalidProtocolBufferException e) {
            Replies.text(exchange, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
        } catch (UninitializedMessageException e) {
            Replies.text(exchange, 400, "Failed to validate " + api + "::Call: Not initialized: "
                    + e.getMissingFields());
        }
        return null;
    }
}
