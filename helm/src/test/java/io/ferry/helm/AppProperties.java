package io.ferry.helm;

import static io.ferry.helm.RenderedChart.asMap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ferry.*} properties the app's jar knows, with their defaults: read from the configuration metadata the
 * build wrote into it (the app's own, and the starter's inside {@code BOOT-INF/lib}), which is also what the app
 * itself reads to tell a known key from a misspelt one.
 */
record AppProperties(Map<String, Object> defaults) {

    static AppProperties of(Path bootJar) {
        Map<String, Object> defaults = new HashMap<>();
        try (JarFile jar = new JarFile(bootJar.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                // The app's own: Spring Boot's jar keeps META-INF at its root, not under BOOT-INF/classes.
                if (entry.getName().equals("META-INF/spring-configuration-metadata.json")) {
                    read(jar.getInputStream(entry), defaults);
                } else if (entry.getName().matches("BOOT-INF/lib/ferry-spring-boot-starter-.*\\.jar")) {
                    try (JarInputStream nested = new JarInputStream(jar.getInputStream(entry))) {
                        for (JarEntry inner = nested.getNextJarEntry(); inner != null;
                                inner = nested.getNextJarEntry()) {
                            if (inner.getName().equals("META-INF/spring-configuration-metadata.json")) {
                                read(nested, defaults);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Not Map.copyOf: a property without a default has a null one.
        return new AppProperties(Collections.unmodifiableMap(defaults));
    }

    /** Whether an environment variable binds to a known property: Spring Boot's rule, dots to '_', no '-'. */
    boolean bindsEnv(String name) {
        return defaults.keySet().stream().anyMatch(p -> envName(p).equals(name));
    }

    static String envName(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }

    private static void read(InputStream json, Map<String, Object> into) {
        Map<String, Object> metadata = asMap(JsonMapper.builder().build().readValue(readAll(json), Map.class),
                "metadata");
        for (Object item : (List<?>) metadata.get("properties")) {
            Map<String, Object> property = asMap(item, "a property");
            String name = (String) property.get("name");
            if (name.startsWith("ferry.")) {
                into.put(name, property.get("defaultValue"));
            }
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
