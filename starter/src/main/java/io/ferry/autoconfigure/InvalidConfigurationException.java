package io.ferry.autoconfigure;

/** A configuration value Ferry cannot start with; reported at start-up as one line naming the property and why. */
public class InvalidConfigurationException extends RuntimeException {

    private final String property;
    private final String reason;

    public InvalidConfigurationException(String property, String reason) {
        super(property + ": " + reason);
        this.property = property;
        this.reason = reason;
    }

    public String property() {
        return property;
    }

    public String reason() {
        return reason;
    }
}
