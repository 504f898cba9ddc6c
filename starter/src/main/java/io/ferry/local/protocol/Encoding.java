package io.ferry.local.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The two encodings of the v1 APIs (docs/mesos-notes.md §1.2, §9): JSON with proto field names, and binary protobuf. */
public enum Encoding {
    JSON(MesosHttp.JSON),
    PROTOBUF(MesosHttp.PROTOBUF);

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    private final String contentType;

    Encoding(String contentType) {
        this.contentType = contentType;
    }

    /** The media type of this encoding, the {@code Content-Type} of its requests and streams. */
    public String contentType() {
        return contentType;
    }

    /** Mesos compares the request's Content-Type as a plain string (§1.2): a {@code charset} parameter is a 415. */
    static Optional<Encoding> ofContentType(String header) {
        for (Encoding e : values()) {
            if (e.contentType.equals(header)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The encoding of a SUBSCRIBE response (§1.2): JSON if acceptable, else protobuf, else none (406).
     * No Accept header accepts everything.
     */
    public static Optional<Encoding> negotiate(List<String> acceptHeaders) {
        if (acceptHeaders == null || acceptHeaders.isEmpty()) {
            return Optional.of(JSON);
        }
        if (accepts(acceptHeaders, "application", "json")) {
            return Optional.of(JSON);
        }
        if (accepts(acceptHeaders, "application", "x-protobuf")) {
            return Optional.of(PROTOBUF);
        }
        return Optional.empty();
    }

    private static boolean accepts(List<String> headers, String type, String subtype) {
        for (String header : headers) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String media = parts[0].trim().toLowerCase();
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q <= 0) {
                    continue;
                }
                if (media.equals("*/*") || media.equals(type + "/*") || media.equals(type + "/" + subtype)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Parses a body, as the pieces it was read in, as a {@code prototype}'s message, required fields unchecked (the
     * caller says what is missing); unknown JSON fields are ignored, as Mesos does (§9). Protobuf is parsed by the
     * message's own parser straight from the pieces (one nearly always: a call is small): each bytes field (a task,
     * a result) gets an array of its own size, and no array holds the whole body. (A builder's {@code mergeFrom}
     * would parse into a message and then copy that into the builder: twice the work, measured as most of the
     * local master's request handling.) A body of several pieces is not first merged into one: one copy of a
     * payload fewer each way in the cluster (1 MiB per task at window 16: tasks per second unchanged, 10-20 % fewer
     * collections and less time in them).
     */
    Message parse(ByteBuffer[] pieces, Message prototype) throws IOException {
        if (this == PROTOBUF) {
            CodedInputStream in = pieces.length == 1 ? CodedInputStream.newInstance(pieces[0])
                    : CodedInputStream.newInstance(Arrays.asList(pieces));
            Message message = prototype.getParserForType().parsePartialFrom(in);
            in.checkLastTagWas(0);
            return message;
        }
        Message.Builder builder = prototype.newBuilderForType();
        PARSER.merge(StandardCharsets.UTF_8.decode(joined(pieces)).toString(), builder);
        return builder.buildPartial();
    }

    private static ByteBuffer joined(ByteBuffer[] pieces) {
        if (pieces.length == 1) {
            return pieces[0];
        }
        int length = 0;
        for (ByteBuffer piece : pieces) {
            length += piece.remaining();
        }
        ByteBuffer whole = ByteBuffer.allocate(length);
        for (ByteBuffer piece : pieces) {
            whole.put(piece.duplicate());
        }
        return whole.flip();
    }

    /**
     * {@code message} as one RecordIO record (§1.3), framed. Protobuf is serialized straight behind its length: the
     * plain serialization and a framed copy of it were two arrays and a copy per event, most of them no-op tasks'
     * LAUNCH, UPDATE and ACKNOWLEDGED.
     */
    byte[] framed(Message message) {
        if (this != PROTOBUF) {
            return RecordIo.frame(print(message));
        }
        int size = message.getSerializedSize();
        byte[] header = RecordIo.header(size);
        byte[] framed = Arrays.copyOf(header, header.length + size);
        CodedOutputStream out = CodedOutputStream.newInstance(framed, header.length, size);
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + message.getDescriptorForType().getFullName(), e);
        }
        out.checkNoSpaceLeft();
        return framed;
    }

    byte[] print(MessageOrBuilder message) {
        if (this == PROTOBUF) {
            return ((Message) message).toByteArray();
        }
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }
}
