package io.ferry.local.protocol;

import com.google.protobuf.Message;
import io.ferry.wire.RecordIo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A framed HEARTBEAT record padded to a given size, so that {@link EventStream} can write it a few bytes at a
 * time (see there) and still send the same event a real master sends.
 *
 * <p>The padding is part of the encoding, not of the event: JSON gets insignificant whitespace before its closing
 * brace; protobuf gets the message's bytes repeated, which decodes to the same message because a repeated
 * occurrence of a singular field simply sets it again (protobuf encoding: "last one wins"). So every decoder that
 * accepts Mesos' own stream decodes these to {@code {"type":"HEARTBEAT"}}.
 */
final class HeartbeatRecord {

    private HeartbeatRecord() {
    }

    /** The framed record of {@code heartbeat} in {@code encoding}, at least {@code minBytes} long. */
    static byte[] padded(Message heartbeat, Encoding encoding, int minBytes) {
        byte[] plain = encoding.print(heartbeat);
        // The length prefix and its newline take part of the size; the body's length has no more digits than it.
        int bodyBytes = Math.max(plain.length, minBytes - 1 - String.valueOf(minBytes).length());
        if (encoding == Encoding.JSON) {
            String json = new String(plain, StandardCharsets.UTF_8);
            String body = json.substring(0, json.length() - 1)
                    + " ".repeat(bodyBytes - plain.length) + "}";
            return RecordIo.frame(body.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(bodyBytes + plain.length);
        do {
            body.writeBytes(plain);
        } while (body.size() < bodyBytes);
        return RecordIo.frame(body.toByteArray());
    }
}
