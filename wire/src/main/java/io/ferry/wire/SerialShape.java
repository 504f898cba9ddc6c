package io.ferry.wire;

import java.io.Externalizable;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A 64-bit fingerprint of what a class's serialized form depends on besides its name and serialVersionUID: its
 * serializable fields (name and type), whether it is serializable, externalizable, an enum or a record, and whether
 * it writes extra data (a {@code writeObject} method).
 *
 * <p>The compact class descriptors of {@link JavaSerialization} carry this instead of the field list: the reader
 * uses its own class's layout, which is right only if the writer's had the same. App classes are the same on both
 * sides (the executor loads them from the app), but the JDK's may differ (the executor may run another Java); a
 * mismatch is refused with a clear error instead of reading the data with the wrong layout.
 */
final class SerialShape {

    private static final ClassValue<Long> SHAPES = new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
            return compute(type);
        }
    };

    private SerialShape() {
    }

    /** The fingerprint of {@code type}, computed once per class. */
    static long of(Class<?> type) {
        return SHAPES.get(type);
    }

    private static long compute(Class<?> type) {
        ObjectStreamClass desc = ObjectStreamClass.lookupAny(type);
        StringBuilder shape = new StringBuilder(64);
        shape.append(Serializable.class.isAssignableFrom(type) ? 'S' : '-')
                .append(Externalizable.class.isAssignableFrom(type) ? 'X' : '-')
                .append(type.isEnum() ? 'E' : '-')
                .append(type.isRecord() ? 'R' : '-')
                .append(writesObjectData(type) ? 'W' : '-');
        for (ObjectStreamField field : desc.getFields()) {
            shape.append(';').append(field.getName()).append(':').append(field.getTypeCode());
            if (!field.isPrimitive()) {
                shape.append(field.getTypeString());
            }
        }
        return fnv1a64(shape);
    }

    /** As ObjectStreamClass decides it: a private, non-static {@code writeObject(ObjectOutputStream)} returning void. */
    private static boolean writesObjectData(Class<?> type) {
        if (!Serializable.class.isAssignableFrom(type) || Externalizable.class.isAssignableFrom(type)
                || type.isEnum() || type.isRecord() || type.isArray()) {
            return false;
        }
        try {
            Method m = type.getDeclaredMethod("writeObject", ObjectOutputStream.class);
            int mods = m.getModifiers();
            return m.getReturnType() == void.class && Modifier.isPrivate(mods) && !Modifier.isStatic(mods);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static long fnv1a64(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
