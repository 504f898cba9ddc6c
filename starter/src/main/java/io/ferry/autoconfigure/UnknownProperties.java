package io.ferry.autoconfigure;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds {@code ferry.*} keys that no Ferry property has — a typo such as {@code ferry.local.agnets}, which Spring
 * would silently ignore — in what the user wrote for this application: command-line arguments, system properties,
 * configuration files, {@code SPRING_APPLICATION_JSON}.
 *
 * <p>Environment variables are not searched. The environment is shared with other programs and holds names that
 * merely start like Ferry's: Kubernetes defines {@code FERRY_SERVICE_HOST} and {@code FERRY_PORT} for a service named
 * {@code ferry}, and the executor's launch script reads {@code FERRY_JAVA}. Ferry's properties set there
 * ({@code FERRY_LOCAL_AGENTS}) are still bound and checked like any other.
 */
final class UnknownProperties {

    private UnknownProperties() {
    }

    static void check(ConfigurableEnvironment environment, KnownProperties known) {
        if (known.names().isEmpty()) {
            // No metadata on the class path (a build without the configuration processor): nothing to compare with.
            return;
        }
        Map<String, Object> unknown = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof SystemEnvironmentPropertySource
                    || !(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String key : enumerable.getPropertyNames()) {
                ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
                if (KnownProperties.FERRY.isAncestorOf(name) && !known.isKnown(key)) {
                    unknown.putIfAbsent(key, enumerable.getProperty(key));
                }
            }
        }
        if (!unknown.isEmpty()) {
            Map.Entry<String, Object> first = unknown.entrySet().iterator().next();
            String others = unknown.size() == 1 ? "" : unknown.keySet().stream().skip(1)
                    .collect(Collectors.joining(", ", " (also unknown: ", ")"));
            String nearest = known.nearest(first.getKey());
            String value = String.valueOf(first.getValue());
            // A misspelt password is still a password.
            throw new InvalidConfigurationException(first.getKey(),
                    InvalidConfigurationException.isSecret(nearest) ? InvalidConfigurationException.masked(value)
                            : value, "no such property; did you mean " + nearest + "?" + others);
        }
    }
}
