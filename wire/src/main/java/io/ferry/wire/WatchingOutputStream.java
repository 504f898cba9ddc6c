package io.ferry.wire;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;

/**
 * The writer of {@link JavaSerialization}: notes the first object that is not serializable, before
 * ObjectOutputStream fails on it; and writes compact class descriptors (see {@link LoaderObjectInputStream}).
 *
 * <p>A class descriptor is the class's name, its serialVersionUID and its {@link SerialShape} instead of its flags
 * and field list. Reading a field list (a name and a type string per field, interned) was most of the cost of
 * reading a small task. The stream header says so (version {@link #COMPACT_VERSION} instead of 5), so a reader
 * never mistakes one kind for the other.
 */
final class WatchingOutputStream extends ObjectOutputStream {

    /** The stream version of the compact form, in place of {@link #STREAM_VERSION}. */
    static final short COMPACT_VERSION = (short) 0xFE05;

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
        writeUTF(desc.getName());
        writeLong(desc.getSerialVersionUID());
        writeLong(SerialShape.of(desc.forClass()));
    }

    @Override
    protected Object replaceObject(Object obj) {
        if (firstUnserializable == null && obj != null && !(obj instanceof java.io.Serializable)) {
            firstUnserializable = obj.getClass().getName();
        }
        return obj;
    }
}
