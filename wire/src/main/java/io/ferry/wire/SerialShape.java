package io.ferry.wire;

import java.io.Externalizable;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;

/**
 * A 64-bit fingerprint of what a class's serialized form depends on besides its name and serialVersionUID: its
 * serializable fields (name and type), whether it is serializable, externalizable, an enum or a record, and whether
 * it writes extra data (a {@code writeObject} method).
 *
 * <p>The compact class descriptors of {@link JavaSerialization} carry this instead of the field list: the reader
 * uses its own class's layout, which is right only if the writer's had the same; a mismatch is refused with a clear
 * error instead of reading the data with the wrong layout. Only classes that are the same on both sides are written
 * compactly ({@link #compact}): the app's (the executor loads them from the app), Ferry's (one build), arrays, and a
 * few JDK classes whose serialized form is fixed. Other JDK classes keep the standard descriptor, which the JDK reads
 * across versions: the executor may run another Java than the app, and between JDK 17 and 25 the serialized form
 * of 13 of java.base's ~1,200 serializable classes changed (e.g. Collections.synchronizedList's, DecimalFormat's,
 * ArrayBlockingQueue's).
 */
final class SerialShape {

    private static final ClassValue<Long> SHAPES = new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
            return compute(type);
        }
    };

    /**
     * The JDK classes written compactly: what a lambda task and small results are made of, with forms that cannot
     * change (a box's value, an enum's name, a lambda's fields are specified).
     */
    private static final Set<Class<?>> FIXED_JDK_FORMS = Set.of(SerializedLambda.class, Number.class, Integer.class,
            Long.class, Short.class, Byte.class, Double.class, Float.class, Boolean.class, Character.class,
            String.class, Enum.class);

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private SerialShape() {
    }

    /**
     * Whether {@code type} is described compactly: it is the same wherever Ferry reads it (see the class comment).
     */
    static boolean compact(Class<?> type) {
        if (type.isArray() || type.isPrimitive() || FIXED_JDK_FORMS.contains(type)) {
            return true;
        }
        ClassLoader loader = type.getClassLoader();
        return loader != null && loader != PLATFORM;
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
