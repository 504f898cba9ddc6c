package io.ferry.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses the answer of {@code /files/read}, {@code {"data":"…","offset":N}}, at the byte level. Mesos puts the
 * file's bytes into the JSON string as they are, escaping only what JSON requires (docs/mesos-notes.md §7): a read
 * that ends inside a UTF-8 sequence, or a file that is not UTF-8, makes a string no JSON library accepts, and one
 * that decoded to text would lose the byte count the next read's offset depends on. So the string is taken back
 * to exactly the bytes of the file.
 */
final class ReadAnswer {

    private final byte[] json;
    private int at;

    private ReadAnswer(byte[] json) {
        this.json = json;
    }

    /** @throws IllegalArgumentException if {@code json} is not such an answer */
    static FileChunk parse(byte[] json) {
        return new ReadAnswer(json).object();
    }

    private FileChunk object() {
        byte[] data = null;
        long offset = Long.MIN_VALUE;
        space();
        expect('{');
        space();
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                space();
                String key = new String(string(), StandardCharsets.UTF_8);
                space();
                expect(':');
                space();
                switch (key) {
                    case "data" -> data = string();
                    case "offset" -> offset = number();
                    default -> skipValue();
                }
                space();
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect('}');
                break;
            }
        }
        if (data == null || offset == Long.MIN_VALUE) {
            throw new IllegalArgumentException("not a /files/read answer: it lacks " + (data == null ? "data" : "offset"));
        }
        return new FileChunk(offset, data);
    }

    /** A JSON string, as the bytes it stands for (escapes undone, \\u escapes as UTF-8, raw bytes as they are). */
    private byte[] string() {
        expect('"');
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        while (true) {
            int b = next();
            if (b == '"') {
                return out.toByteArray();
            }
            if (b != '\\') {
                out.write(b);
                continue;
            }
            int e = next();
            switch (e) {
                case '"', '\\', '/' -> out.write(e);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'u' -> {
                    int c = hex4();
                    if (Character.isHighSurrogate((char) c) && at + 1 < json.length && json[at] == '\\'
                            && json[at + 1] == 'u') {
                        at += 2;
                        int low = hex4();
                        out.writeBytes(new String(new char[]{(char) c, (char) low}).getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.writeBytes(String.valueOf((char) c).getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> throw bad("unknown escape \\" + (char) e);
            }
        }
    }

    private int hex4() {
        if (at + 4 > json.length) {
            throw bad("a \\u escape is cut short");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(json[at++], 16);
            if (digit < 0) {
                throw bad("a \\u escape has a bad digit");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private long number() {
        int start = at;
        while (at < json.length && (json[at] == '-' || json[at] == '+' || json[at] == '.' || json[at] == 'e'
                || json[at] == 'E' || (json[at] >= '0' && json[at] <= '9'))) {
            at++;
        }
        String text = new String(json, start, at - start, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad("offset is not a whole number: " + text);
        }
    }

    /** A value of a key this reader does not use: a string, a number or a literal (Mesos sends none today). */
    private void skipValue() {
        int b = peek();
        if (b == '"') {
            string();
        } else if (b == '-' || (b >= '0' && b <= '9')) {
            number();
        } else {
            while (at < json.length && json[at] >= 'a' && json[at] <= 'z') {
                at++;
            }
        }
    }

    private void space() {
        while (at < json.length && (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
            at++;
        }
    }

    private int peek() {
        if (at >= json.length) {
            throw bad("the answer ends too early");
        }
        return json[at] & 0xff;
    }

    private int next() {
        int b = peek();
        at++;
        return b;
    }

    private void expect(char c) {
        if (next() != c) {
            throw bad("expected '" + c + "' at byte " + (at - 1));
        }
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("not a /files/read answer: " + why);
    }
}
