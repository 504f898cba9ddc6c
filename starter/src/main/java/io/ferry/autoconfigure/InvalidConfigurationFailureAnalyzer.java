package io.ferry.autoconfigure;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Recognises a bad {@code ferry.*} value among start-up failures and says in one line which property, which value
 * and why: Ferry's own checks ({@link InvalidConfigurationException}), constraint violations and values of the
 * wrong type. {@link ConfigurationFailureReporter} prints that line; as a failure analyzer, ordered before Spring
 * Boot's own, it also serves Spring's report if that reporter is not in the way.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidConfigurationFailureAnalyzer implements FailureAnalyzer {

    static final String PREFIX = "Invalid Ferry configuration: ";
    private static final String ACTION = "Fix the property (application.properties, an environment variable or a"
            + " command-line argument) and start again.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return analysis(invalid.getMessage(), t);
            }
            if (t instanceof BindValidationException validation
                    && isFerry(validation.getValidationErrors().getName())) {
                ValidationErrors errors = validation.getValidationErrors();
                return analysis(errors.getAllErrors().stream().map(e -> line(errors, e)).sorted()
                        .collect(Collectors.joining("; ")), t);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind && isFerry(bind.getName())) {
                return analysis(line(bind), t);
            }
        }
        return null;
    }

    private static boolean isFerry(ConfigurationPropertyName name) {
        return KnownProperties.FERRY.equals(name) || KnownProperties.FERRY.isAncestorOf(name);
    }

    /** A violated constraint: {@code ferry.local.agents=0: must be greater than or equal to 1}. */
    private static String line(ValidationErrors errors, ObjectError error) {
        if (!(error instanceof FieldError field)) {
            return errors.getName() + ": " + error.getDefaultMessage();
        }
        String property = errors.getName() + "." + kebab(field.getField());
        String value = errors.getBoundProperties().stream()
                .filter(p -> p.getName().toString().equals(property))
                .map(p -> String.valueOf(p.getValue())).findFirst()
                .orElse(String.valueOf(field.getRejectedValue()));
        return new InvalidConfigurationException(property, value, error.getDefaultMessage()).getMessage();
    }

    /** A value that cannot be converted: {@code ferry.task.timeout=soon: 'soon' is not a valid duration}. */
    private static String line(BindException bind) {
        Throwable cause = bind.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String reason = cause instanceof NumberFormatException
                ? "is not " + number(bind.getTarget().getType().resolve())
                : cause == null || cause.getMessage() == null ? "cannot be bound" : cause.getMessage();
        ConfigurationProperty property = bind.getProperty();
        return property == null ? new InvalidConfigurationException(bind.getName().toString(), reason).getMessage()
                : new InvalidConfigurationException(property.getName().toString(),
                        String.valueOf(property.getValue()), reason).getMessage();
    }

    /** Java's own words ("For input string: ...") name no type. */
    private static String number(Class<?> type) {
        boolean whole = type == int.class || type == long.class || type == Integer.class || type == Long.class;
        return whole ? "a whole number" : "a number";
    }

    private static FailureAnalysis analysis(String line, Throwable cause) {
        return new FailureAnalysis(PREFIX + line, ACTION, cause);
    }

    /** Field paths of the properties records are camelCase; the properties people write are kebab-case. */
    private static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
