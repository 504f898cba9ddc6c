package io.ferry.executor;

import io.ferry.wire.FerryEnv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads the classes a task needs that the executor does not ship (the app's lambdas and classes) from the app:
 * {@code GET <FERRY_APP_URL>/ferry/classes/<binary name>} with {@code Authorization: Bearer <FERRY_TOKEN>}.
 *
 * <p>The parent (the executor jar's loader) is asked first, so the task API and the JDK are shared with the
 * executor. One loader serves every task of the process: a class is fetched once.
 *
 * <p>Responses are kept apart, because they mean different things to whoever reads the failure:
 * <ul>
 *   <li>200: the class file; the class and its package are defined here.</li>
 *   <li>404: the app does not have the class. Remembered in a bounded negative cache, so that libraries probing
 *       for optional classes do not ask the app every time.</li>
 *   <li>401/403: the app refused the token; never cached (a fixed token would help at once).</li>
 *   <li>connection refused, timeout ({@link FerryEnv#CLASS_FETCH_TIMEOUT}), 5xx: the app could not be reached;
 *       never cached, the next lookup asks again.</li>
 * </ul>
 * All of them surface as {@link ClassNotFoundException} (what class loading allows), each with its own message
 * naming the class and the app's URL.
 *
 * <p>Fetched with {@link HttpURLConnection} (kept-alive connections, redirects within the scheme, no proxy), not
 * {@code java.net.http.HttpClient}: the first task of a fresh executor waits for its class, and the JDK's client
 * loads about 1,100 classes and starts a selector thread before its first answer (measured: ~250 ms against ~50 ms
 * on a C1-only JVM here). The deadline bounds the connection and each read, not the whole body: a class file is
 * small, and the app answers it from memory.
 */
final class AppClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** Definite misses remembered; beyond this the oldest are forgotten (and asked again if needed). */
    static final int NEGATIVE_CACHE_SIZE = 4096;
    /** No class file comes close; a larger answer is not a class file. */
    static final int MAX_CLASS_BYTES = 16 * 1024 * 1024;

    private final String appUrl;
    private final String token;
    private final Duration timeout;
    private final Set<String> absent = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > NEGATIVE_CACHE_SIZE;
        }
    });

    /**
     * @param appUrl  the app's base URL, without a trailing slash
     * @param token   the framework token
     * @param timeout deadline of one fetch, connection included
     * @param parent  asked first; the executor jar's loader in production
     */
    AppClassLoader(String appUrl, String token, Duration timeout, ClassLoader parent) {
        super("ferry-app", parent);
        this.appUrl = Objects.requireNonNull(appUrl, "appUrl");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        synchronized (absent) {
            if (absent.contains(name)) {
                throw new ClassNotFoundException(absentMessage(name));
            }
        }
        byte[] bytes = fetch(name);
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length);
    }

    private byte[] fetch(String name) throws ClassNotFoundException {
        HttpURLConnection http;
        try {
            http = (HttpURLConnection) URI.create(appUrl + FerryEnv.CLASSES_PATH + name).toURL()
                    .openConnection(Proxy.NO_PROXY);
        } catch (IOException | IllegalArgumentException e) {
            throw new ClassNotFoundException("class " + name + " could not be loaded: '" + appUrl
                    + "' is not a usable URL (" + e.getMessage() + ")", e);
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        http.setConnectTimeout(millis);
        http.setReadTimeout(millis);
        http.setRequestProperty("Authorization", "Bearer " + token);
        try {
            int status = http.getResponseCode();
            if (status == 200) {
                long length = http.getContentLengthLong();
                if (length > MAX_CLASS_BYTES) {
                    throw tooLarge(name);
                }
                try (InputStream in = http.getInputStream()) {
                    byte[] bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
                    if (bytes.length > MAX_CLASS_BYTES) {
                        throw tooLarge(name);
                    }
                    return bytes;
                }
            }
            drain(http);
            if (status == 404) {
                synchronized (absent) {
                    absent.add(name);
                }
                throw new ClassNotFoundException(absentMessage(name));
            }
            if (status == 401 || status == 403) {
                throw new ClassNotFoundException("the app at " + appUrl + " refused the executor's token (HTTP "
                        + status + ") when loading class " + name + ": " + FerryEnv.TOKEN
                        + " does not match the app's framework token");
            }
            if (status >= 500) {
                throw unreachable(name, "HTTP " + status, null);
            }
            throw new ClassNotFoundException("the app at " + appUrl + " answered HTTP " + status + " for class " + name);
        } catch (InterruptedIOException e) {
            // SocketTimeoutException (connect or read), or the thread's interrupt during blocking I/O.
            throw unreachable(name, noAnswer(), e);
        } catch (ConnectException e) {
            throw unreachable(name, "connection refused", e);
        } catch (IOException e) {
            throw unreachable(name, String.valueOf(e), e);
        }
    }

    /** Reads an error answer's body away, so that the connection can serve the next fetch (keep-alive). */
    private static void drain(HttpURLConnection http) {
        try (InputStream err = http.getErrorStream()) {
            if (err != null) {
                err.readNBytes(64 * 1024);
            }
        } catch (IOException e) {
            // the connection is dropped instead of reused
        }
    }

    private ClassNotFoundException tooLarge(String name) {
        return new ClassNotFoundException("the app at " + appUrl + " answered for class " + name + " with more than "
                + MAX_CLASS_BYTES + " bytes; that is not a class file");
    }

    private String noAnswer() {
        return "no response within " + timeout.toMillis() + " ms, " + FerryEnv.CLASS_FETCH_TIMEOUT;
    }

    private String absentMessage(String name) {
        return "class " + name + " not found: neither the executor nor the app at " + appUrl + " has it (HTTP 404)";
    }

    private ClassNotFoundException unreachable(String name, String why, Throwable cause) {
        return new ClassNotFoundException("class " + name + " could not be loaded: the app at " + appUrl
                + " could not be reached (" + why + ")", cause);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        if (getDefinedPackage(pkg) == null) {
            try {
                definePackage(pkg, null, null, null, null, null, null, null);
            } catch (IllegalArgumentException e) {
                // Another thread defined it between the check and here; that one serves.
            }
        }
    }
}
