package io.ferry.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.StreamCorruptedException;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The reader of {@link JavaSerialization}: resolves classes through the given loader only, and reads the compact
 * class descriptors of {@link WatchingOutputStream} (a stream with the standard header is read the standard way).
 *
 * <p>A compact descriptor names the class; it is resolved through the loader and described by the local class's
 * own {@link ObjectStreamClass}, once its serialVersionUID and {@link SerialShape} are checked against the
 * writer's. ObjectInputStream then resolves the descriptor (the class found here), runs the filter on it and reads
 * the data as for any descriptor. A standard descriptor (of a JDK class whose form may differ between versions) is
 * read as ObjectInputStream reads it.
 */
final class LoaderObjectInputStream extends ObjectInputStream {

    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "boolean", boolean.class, "byte", byte.class, "char", char.class, "short", short.class,
            "int", int.class, "long", long.class, "float", float.class, "double", double.class, "void", void.class);

    private final ClassLoader loader;
    private final ResolvedClasses resolved;
    /**
     * Set by {@link #readStreamHeader()}, which the superclass's constructor calls, before this class's field
     * initializers would run: so it has none (an initializer would reset it).
     */
    private boolean compact;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
        super(in);
        this.loader = loader;
        this.resolved = ResolvedClasses.of(loader);
    }

    @Override
    protected void readStreamHeader() throws IOException {
        short magic = readShort();
        short version = readShort();
        if (magic != STREAM_MAGIC || (version != STREAM_VERSION && version != WatchingOutputStream.COMPACT_VERSION)) {
            throw new StreamCorruptedException(String.format("invalid stream header: %04X%04X", magic, version));
        }
        compact = version == WatchingOutputStream.COMPACT_VERSION;
    }

    @Override
    protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
        if (!compact) {
            return super.readClassDescriptor();
        }
        byte kind = readByte();
        if (kind == WatchingOutputStream.STANDARD_DESCRIPTOR) {
            return super.readClassDescriptor();
        }
        if (kind != WatchingOutputStream.COMPACT_DESCRIPTOR) {
            throw new StreamCorruptedException(String.format("invalid class descriptor kind: %02X", kind));
        }
        String name = readUTF();
        long suid = readLong();
        long shape = readLong();
        Class<?> type;
        try {
            type = load(name);
        } catch (ClassNotFoundException e) {
            // ObjectInputStream would wrap it into an InvalidClassException that does not name the class.
            throw new MissingClassException(e);
        }
        ObjectStreamClass local = ObjectStreamClass.lookupAny(type);
        // As ObjectInputStream checks it: arrays and records are read whatever their serialVersionUID.
        if (!type.isArray() && !type.isRecord() && suid != local.getSerialVersionUID()) {
            throw new InvalidClassException(name, "local class incompatible: stream classdesc serialVersionUID = "
                    + suid + ", local class serialVersionUID = " + local.getSerialVersionUID());
        }
        if (shape != SerialShape.of(type)) {
            throw new InvalidClassException(name, "local class incompatible: its serialized form (serializable"
                    + " fields, or how it is written) differs from that of the class that wrote it: a different"
                    + " version of the class, or of the JDK, on the two sides");
        }
        return local;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        // A compact descriptor is the local class's: resolved through the loader already.
        Class<?> local = desc.forClass();
        return local != null ? local : load(desc.getName());
    }

    private Class<?> load(String name) throws ClassNotFoundException {
        Class<?> known = resolved.get(name);
        if (known != null) {
            return known;
        }
        try {
            Class<?> found = Class.forName(name, false, loader);
            resolved.put(name, found);
            return found;
        } catch (ClassNotFoundException e) {
            // Only primitive types need another way (arrays of them resolve above). Asking super would try the
            // "latest user-defined loader" on the stack instead, which may be the wrong one, and would replace
            // the loader's message (absent class or unreachable app) with a bare class name.
            Class<?> primitive = PRIMITIVES.get(name);
            if (primitive == null) {
                throw e;
            }
            return primitive;
        }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
        Class<?>[] resolved = new Class<?>[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            resolved[i] = Class.forName(interfaces[i], false, loader);
        }
        @SuppressWarnings("deprecation")
        Class<?> proxy = Proxy.getProxyClass(loader, resolved);
        return proxy;
    }

    /** Carries a class the loader did not find out of ObjectInputStream, to be thrown as it is. */
    static final class MissingClassException extends IOException {
        MissingClassException(ClassNotFoundException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized ClassNotFoundException getCause() {
            return (ClassNotFoundException) super.getCause();
        }
    }
}
