package io.ferry.executor;

import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * Makes the executor write its {@code System.out}, {@code System.err} and log as UTF-8, whatever the locale.
 *
 * <p>An agent starts the executor with its own variables only, and no {@code LANG} or {@code LC_ALL} among them
 * (docs/mesos-notes.md §3.4), so the JVM sees the C locale: Java 17 then encodes its standard streams, and
 * {@code java.util.logging}'s console handler, as ASCII, and every other character a task or the executor writes
 * becomes {@code ?} in the sandbox's files. The app reads those files as UTF-8 (the agent's {@code /files/read}
 * hands out bytes, §7), so UTF-8 is what is written, without relying on JVM options that
 * {@code ferry.executor.java-opts} could replace. The task's own default charset is left as the JVM chose it.
 */
final class Utf8Console {

    private static boolean installed;

    private Utf8Console() {
    }

    /**
     * Once per JVM, before anything is logged: {@code System.out} and {@code System.err} encode as UTF-8 over the
     * JVM's own streams (which pass bytes on as they are), and the root logger's handlers, which this first call
     * creates (its console handler on the new {@code System.err}), encode as UTF-8.
     */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        System.setOut(new PrintStream(System.out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(System.err, true, StandardCharsets.UTF_8));
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            try {
                handler.setEncoding(StandardCharsets.UTF_8.name());
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("every JVM has UTF-8", e);
            }
        }
    }
}
