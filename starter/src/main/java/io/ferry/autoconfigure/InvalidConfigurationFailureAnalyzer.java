package io.ferry.autoconfigure;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;

/**
 * Says in one line which {@code ferry.*} property is wrong and why, for Ferry's own checks
 * ({@link InvalidConfigurationException}), for constraint violations and for values of the wrong type. Runs before
 * Spring Boot's own analyzers, whose reports take a dozen lines.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidConfigurationFailureAnalyzer implements FailureAnalyzer {

    private static final String ACTION = "Fix the property (application.properties, an environment variable or a"
            + " command-line argument) and start again.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return analysis(invalid.getMessage(), t);
            }
            if (t instanceof BindValidationException validation) {
                String line = validation.getValidationErrors().getAllErrors().stream()
                        .map(e -> e instanceof FieldError f
                                ? validation.getValidationErrors().getName() + "." + kebab(f.getField()) + ": "
                                + e.getDefaultMessage() + " (was '" + f.getRejectedValue() + "')"
                                : e.getDefaultMessage())
                        .sorted()
                        .collect(Collectors.joining("; "));
                return analysis(line, t);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind && bind.getName().toString().startsWith("ferry")) {
                Throwable cause = bind.getCause();
                while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                String value = bind.getProperty() == null ? "" : " (was '" + bind.getProperty().getValue() + "')";
                String property = (bind.getProperty() == null ? bind.getName() : bind.getProperty().getName()).toString();
                return analysis(property + ": " + (cause == null ? "cannot be bound" : cause.getMessage()) + value, t);
            }
        }
        return null;
    }

    private static FailureAnalysis analysis(String line, Throwable cause) {
        return new FailureAnalysis("Invalid Ferry configuration: " + line, ACTION, cause);
    }

    /** Field paths of the properties records are camelCase; the properties people write are kebab-case. */
    private static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
