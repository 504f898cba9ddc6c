package io.ferry.wire;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;

/**
 * The writer of {@link JavaSerialization}: notes the first object that is not serializable, before
 * ObjectOutputStream fails on it; and writes compact class descriptors (see {@link LoaderObjectInputStream}).
 *
 * <p>A compact class descriptor is the class's name, its serialVersionUID and its {@link SerialShape} instead of its
 * flags and field list: reading field lists (a name and a type string per field, interned) was most of the cost of
 * reading a small task. Classes that may differ between the two sides (most of the JDK's, see
 * {@link SerialShape#compact}) keep the standard descriptor; a byte before each descriptor says which it is. The
 * stream header says so too (version {@link #COMPACT_VERSION} instead of 5), so a reader never mistakes one kind of
 * stream for the other.
 */
final class WatchingOutputStream extends ObjectOutputStream {

    /** The stream version of the compact form, in place of {@link #STREAM_VERSION}. */
    static final short COMPACT_VERSION = (short) 0xFE05;
    /** Before each class descriptor of a compact stream: what follows is the name, serialVersionUID and shape. */
    static final byte COMPACT_DESCRIPTOR = 'C';
    /** Before each class descriptor of a compact stream: what follows is the standard descriptor. */
    static final byte STANDARD_DESCRIPTOR = 'S';

    String firstUnserializable;

    WatchingOutputStream(OutputStream out) throws IOException {
        super(out);
        enableReplaceObject(true);
    }

    @Override
    protected void writeStreamHeader() throws IOException {
        writeShort(STREAM_MAGIC);
        writeShort(COMPACT_VERSION);
    }

    @Override
    protected void writeClassDescriptor(ObjectStreamClass desc) throws IOException {
        Class<?> type = desc.forClass();
        if (!SerialShape.compact(type)) {
            writeByte(STANDARD_DESCRIPTOR);
            super.writeClassDescriptor(desc);
            return;
        }
        writeByte(COMPACT_DESCRIPTOR);
        writeUTF(desc.getName());
        writeLong(desc.getSerialVersionUID());
        writeLong(SerialShape.of(type));
    }

    @Override
    protected Object replaceObject(Object obj) {
        if (firstUnserializable == null && obj != null && !(obj instanceof java.io.Serializable)) {
            firstUnserializable = obj.getClass().getName();
        }
        return obj;
    }
}
