package io.ferry.wire.bench;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A URLClassLoader that defines the classes named with {@code prefix} itself instead of asking its parent: like the
 * executor's loader, which defines the app's classes, while the JDK and the task API come from its parent.
 */
final class ChildFirstLoader extends URLClassLoader {

    private final String prefix;

    ChildFirstLoader(URL location, String prefix, ClassLoader parent) {
        super("bench-app", new URL[] {location}, parent);
        this.prefix = prefix;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(prefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            return c != null ? c : findClass(name);
        }
    }
}
