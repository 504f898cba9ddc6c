package io.ferry.wire;

import java.nio.charset.StandardCharsets;

/** Encodes Mesos RecordIO records: the decimal length of the record, a newline, then the record's bytes. */
public final class RecordIo {

    private RecordIo() {
    }

    /** One framed record. */
    public static byte[] frame(byte[] record) {
        byte[] header = header(record.length);
        byte[] framed = new byte[header.length + record.length];
        System.arraycopy(header, 0, framed, 0, header.length);
        System.arraycopy(record, 0, framed, header.length, record.length);
        return framed;
    }

    /** What goes before a record of {@code length} bytes: the length in decimal and a newline. */
    public static byte[] header(int length) {
        return (length + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
