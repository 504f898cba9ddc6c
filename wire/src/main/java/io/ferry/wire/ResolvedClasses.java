package io.ferry.wire;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes a loader has resolved for {@link LoaderObjectInputStream}, by name: asking the JVM again
 * ({@code Class.forName}) was a quarter of the cost of reading a small task. A loader resolves a name to the same
 * class for as long as it lives (the JVM records it as the class's initiating loader), so a hit is what
 * {@code Class.forName} would answer. Misses are never remembered: a class the app could not serve now may be
 * served later.
 *
 * <p>Nothing here keeps a loader or a class alive: loaders are weak keys, classes weak values (a class refers to its
 * loader, so a strong one would keep its key).
 */
final class ResolvedClasses {

    private static final Map<ClassLoader, ResolvedClasses> BY_LOADER = new WeakHashMap<>();
    private static final ResolvedClasses BOOTSTRAP = new ResolvedClasses();

    /** The last loader asked for, to skip the lock in the usual case of one loader (an executor's, an app's). */
    private static volatile Last last;

    private record Last(WeakReference<ClassLoader> loader, ResolvedClasses classes) {
    }

    private final Map<String, WeakReference<Class<?>>> classes = new ConcurrentHashMap<>();

    private ResolvedClasses() {
    }

    /** The classes resolved through {@code loader} (null: the bootstrap loader). */
    static ResolvedClasses of(ClassLoader loader) {
        if (loader == null) {
            return BOOTSTRAP;
        }
        Last l = last;
        if (l != null && l.loader.get() == loader) {
            return l.classes;
        }
        ResolvedClasses found;
        synchronized (BY_LOADER) {
            found = BY_LOADER.computeIfAbsent(loader, k -> new ResolvedClasses());
        }
        last = new Last(new WeakReference<>(loader), found);
        return found;
    }

    /** The class resolved earlier under {@code name}, or null. */
    Class<?> get(String name) {
        WeakReference<Class<?>> ref = classes.get(name);
        return ref == null ? null : ref.get();
    }

    void put(String name, Class<?> type) {
        classes.put(name, new WeakReference<>(type));
    }
}
