package io.ferry.local.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A small streaming JSON writer for the agent's plain-JSON endpoints ({@code /files/*}, {@code /state}).
 * Callers write keys in the order they want them printed (Mesos prints {@code /files} keys sorted).
 */
final class JsonWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private boolean needComma;

    JsonWriter beginObject() {
        separate();
        out.write('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.write('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.write('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.write(']');
        needComma = true;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name.getBytes(StandardCharsets.UTF_8));
        out.write(':');
        needComma = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
        } else {
            string(value.getBytes(StandardCharsets.UTF_8));
        }
        needComma = true;
        return this;
    }

    /**
     * A string made of raw bytes, copied without UTF-8 validation; only quotes, backslashes and control
     * characters are escaped. This is what Mesos does for {@code /files/read} (docs/mesos-notes.md §7).
     */
    JsonWriter rawString(byte[] bytes, int offset, int length) {
        separate();
        string(bytes, offset, length);
        needComma = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.writeBytes(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        needComma = true;
        return this;
    }

    JsonWriter value(double value) {
        separate();
        out.writeBytes(Double.toString(value).getBytes(StandardCharsets.US_ASCII));
        needComma = true;
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.writeBytes(Boolean.toString(value).getBytes(StandardCharsets.US_ASCII));
        needComma = true;
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void separate() {
        if (needComma) {
            out.write(',');
            needComma = false;
        }
    }

    private void string(byte[] bytes) {
        string(bytes, 0, bytes.length);
    }

    private void string(byte[] bytes, int offset, int length) {
        out.write('"');
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                case '\f' -> out.writeBytes(new byte[] {'\\', 'f'});
                default -> {
                    if (b < 0x20 || b == 0x7f) {
                        out.writeBytes(String.format("\\u%04x", b).getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(b);
                    }
                }
            }
        }
        out.write('"');
    }
}
