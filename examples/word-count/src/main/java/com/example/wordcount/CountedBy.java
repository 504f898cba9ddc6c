package com.example.wordcount;

import java.io.Serializable;
import org.apache.commons.lang3.StringUtils;

/**
 * Where a text was counted: the process, and the class loaders that defined this application's code and the
 * library's there. On an executor both are Ferry's loader, which fetched the classes from this application.
 *
 * @param pid           the process id of the JVM that counted
 * @param codeLoader    class name of the loader of this application's classes in that JVM
 * @param libraryLoader class name of the loader of commons-lang3's classes in that JVM
 */
public record CountedBy(long pid, String codeLoader, String libraryLoader) implements Serializable {

    /** The JVM this is called in. */
    public static CountedBy here() {
        return new CountedBy(ProcessHandle.current().pid(), loaderOf(Words.class), loaderOf(StringUtils.class));
    }

    private static String loaderOf(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }
}
