package io.ferry.autoconfigure;

import org.springframework.core.env.Environment;

/**
 * The values of properties as the user wrote them ({@code -5s}, not the bound {@code PT-5S}), for the report of a
 * bad one. The environment resolves every relaxed form (an environment variable, camelCase) to the same name.
 */
record ConfiguredValues(Environment environment) {

    /** The value as written, or the bound one (a default) when the property is not set. */
    String written(String property, Object bound) {
        String written;
        try {
            written = environment.getProperty(property);
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            written = null;
        }
        return written != null ? written : bound == null ? null : String.valueOf(bound);
    }

    /** Whether the property is set at all, in any of its forms. */
    boolean isSet(String property) {
        return environment.containsProperty(property);
    }

    InvalidConfigurationException invalid(String property, Object bound, String reason) {
        return new InvalidConfigurationException(property, written(property, bound), reason);
    }
}
