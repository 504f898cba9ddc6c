package io.ferry.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The {@code ferry.*} properties that exist: those of the configuration metadata on the class path — the starter's
 * ({@link FerryProperties}), the Ferry app's ({@code ferry.security.*}), and any application's that documents its
 * own under {@code ferry.} — as the configuration processor writes it (META-INF/spring-configuration-metadata.json,
 * merged with additional-spring-configuration-metadata.json, which is read too in case a build did not merge it).
 *
 * @param names the known names, as the metadata writes them (kebab-case)
 * @param roots the {@code @ConfigurationProperties} classes below {@code ferry}: prefix to class name
 */
record KnownProperties(Set<String> names, Map<String, String> roots) {

    static final ConfigurationPropertyName FERRY = ConfigurationPropertyName.of("ferry");
    private static final List<String> METADATA = List.of("META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json");

    static KnownProperties on(ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        Map<String, String> roots = new TreeMap<>();
        for (String resource : METADATA) {
            try {
                for (URL url : Collections.list(loader.getResources(resource))) {
                    read(url, names, roots);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the configuration metadata " + resource, e);
            }
        }
        return new KnownProperties(Collections.unmodifiableSet(names), Collections.unmodifiableMap(roots));
    }

    @SuppressWarnings("unchecked")
    private static void read(URL url, Set<String> names, Map<String, String> roots) throws IOException {
        Map<String, Object> metadata;
        try (InputStream in = url.openStream()) {
            metadata = JsonParserFactory.getJsonParser()
                    .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (Object item : (List<Object>) metadata.getOrDefault("properties", List.of())) {
            if (item instanceof Map<?, ?> property && property.get("name") instanceof String name && isFerry(name)) {
                names.add(name);
            }
        }
        for (Object item : (List<Object>) metadata.getOrDefault("groups", List.of())) {
            // A class's own group names the class as its source; the groups of its nested records name the outer
            // class, and a @Bean method's group names its method.
            if (item instanceof Map<?, ?> group && group.get("name") instanceof String name && isFerry(name)
                    && group.get("type") instanceof String type && type.equals(group.get("sourceType"))
                    && group.get("sourceMethod") == null) {
                roots.put(name, type);
            }
        }
    }

    private static boolean isFerry(String name) {
        return ConfigurationPropertyName.isValid(name) && (FERRY.equals(ConfigurationPropertyName.of(name))
                || FERRY.isAncestorOf(ConfigurationPropertyName.of(name)));
    }

    /** Whether {@code key} (any relaxed form: {@code workDir}, {@code work-dir}, {@code WORK-DIR}) is known. */
    boolean isKnown(String key) {
        String uniform = uniform(key);
        return names.stream().map(KnownProperties::uniform).anyMatch(uniform::equals);
    }

    /** The known name closest to {@code key} by edit distance: what a typo most likely meant. */
    String nearest(String key) {
        String written = key.toLowerCase(Locale.ROOT);
        return names.stream().min(Comparator.comparingInt((String known) -> distance(written, known))
                .thenComparing(Comparator.naturalOrder())).orElse(null);
    }

    /**
     * The key as relaxed binding compares names: each element lower case without dashes, and only up to its first
     * index, since a list or map property is known by its own name ({@code ferry.x[0].y} is {@code ferry.x}).
     */
    private static String uniform(String key) {
        int index = key.indexOf('[');
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(index < 0 ? key : key.substring(0, index),
                '.');
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            elements.add(name.getElement(i, Form.UNIFORM));
        }
        return String.join(".", elements);
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each count one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] done = previous;
            previous = current;
            current = done;
        }
        return previous[b.length()];
    }
}
