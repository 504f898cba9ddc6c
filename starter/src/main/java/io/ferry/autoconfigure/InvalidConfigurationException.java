package io.ferry.autoconfigure;

import java.util.Locale;

/**
 * A configuration value Ferry cannot start with. Its message is the one line reported at start-up:
 * {@code <property>=<value>: <reason>}, or {@code <property>: <reason>} when no value is at fault (an unset one).
 * The value is shown as it was written, except a secret's, which is masked: the line goes to the console and logs.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String property;
    private final String value;
    private final String reason;

    public InvalidConfigurationException(String property, String value, String reason) {
        this(property, value, reason, null);
    }

    public InvalidConfigurationException(String property, String value, String reason, Throwable cause) {
        super(line(property, value, reason), cause);
        this.property = property;
        this.value = value;
        this.reason = reason;
    }

    /** A problem with a property that has no value to show (it is unset). */
    public InvalidConfigurationException(String property, String reason) {
        this(property, null, reason);
    }

    public String property() {
        return property;
    }

    /** The value as written (masked for secrets), or {@code null}. */
    public String value() {
        return value == null ? null : shown(property, value);
    }

    public String reason() {
        return reason;
    }

    private static String line(String property, String value, String reason) {
        return value == null ? property + ": " + reason : property + "=" + shown(property, value) + ": " + reason;
    }

    /** Secrets (passwords, tokens, the master's secret) never reach the console: their length is enough to judge. */
    static String shown(String property, String value) {
        return isSecret(property) ? masked(value) : value;
    }

    static boolean isSecret(String property) {
        String name = property.toLowerCase(Locale.ROOT);
        return name.endsWith("secret") || name.endsWith("password") || name.endsWith("token");
    }

    static String masked(String value) {
        return "(" + value.length() + (value.length() == 1 ? " character" : " characters") + ", not shown)";
    }
}
