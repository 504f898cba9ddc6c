package io.ferry.api;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the object that makes a task unserializable and the path of fields that reaches it, the way serialization
 * would walk the graph: lambdas through their {@link SerializedLambda} (captured arguments), JDK collections
 * through their elements, other objects through their non-transient, non-static fields.
 *
 * <p>Runs only after serialization has already failed, to turn {@code NotSerializableException: Foo} into
 * "{@code task -> capturedArg[0] (Foo)}": the path is what tells a developer which capture to remove.
 */
final class SerializationProbe {

    /** A bound on the walk, so that a huge graph cannot make a failed submit slow. */
    private static final int MAX_NODES = 100_000;

    record Finding(String className, String path) {
    }

    private record Node(Object value, String path) {
    }

    private SerializationProbe() {
    }

    static Optional<Finding> find(Object root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(new Node(root, "task"));
        while (!stack.isEmpty() && seen.size() < MAX_NODES) {
            Node node = stack.pop();
            Object value = node.value();
            if (value == null || seen.put(value, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> type = value.getClass();
            if (!(value instanceof Serializable) && !type.isArray()) {
                return Optional.of(new Finding(describe(type), node.path()));
            }
            Object replaced = writeReplace(value);
            if (replaced instanceof SerializedLambda lambda) {
                for (int i = lambda.getCapturedArgCount() - 1; i >= 0; i--) {
                    Object arg = lambda.getCapturedArg(i);
                    stack.push(new Node(arg, node.path() + " -> capturedArg[" + i + "]"
                            + (arg == null ? "" : " (" + describe(arg.getClass()) + ")")));
                }
                continue;
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = Array.getLength(value) - 1; i >= 0; i--) {
                        stack.push(new Node(Array.get(value, i), node.path() + "[" + i + "]"));
                    }
                }
            } else if (value instanceof Collection<?> collection && isJdk(type)) {
                int i = 0;
                for (Object element : collection) {
                    stack.push(new Node(element, node.path() + "[" + i++ + "]"));
                }
            } else if (value instanceof Map<?, ?> map && isJdk(type)) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    stack.push(new Node(e.getKey(), node.path() + ".key(" + e.getKey() + ")"));
                    stack.push(new Node(e.getValue(), node.path() + "[" + e.getKey() + "]"));
                }
            } else if (!isJdk(type)) {
                pushFields(value, type, node.path(), stack);
            }
        }
        return Optional.empty();
    }

    private static void pushFields(Object value, Class<?> type, String path, Deque<Node> stack) {
        for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c) && !isJdk(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object fieldValue = f.get(value);
                    stack.push(new Node(fieldValue, path + " -> " + f.getName()
                            + (fieldValue == null ? "" : " (" + describe(fieldValue.getClass()) + ")")));
                } catch (RuntimeException | IllegalAccessException e) {
                    // Not reachable reflectively (a module boundary): serialization's own message will have to do.
                }
            }
        }
    }

    private static Object writeReplace(Object value) {
        Class<?> type = value.getClass();
        if (!type.isSynthetic() && !type.getName().contains("$$Lambda")) {
            return value;
        }
        try {
            Method m = type.getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return m.invoke(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return value;
        }
    }

    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    /** A lambda's class name is a generated one; say whose lambda it is instead. */
    private static String describe(Class<?> type) {
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda > 0) {
            return "a lambda in " + name.substring(0, lambda) + " (its target type is not Serializable)";
        }
        return name;
    }
}
