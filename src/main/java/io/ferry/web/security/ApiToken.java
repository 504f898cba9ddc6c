package io.ferry.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The bearer token API clients may send instead of the operator's user name and password
 * ({@code ferry.security.api-token}).
 *
 * <p>Only its SHA-256 digest is kept, and a presented token is compared by digest in constant time: comparing the
 * digests rather than the strings also hides the token's length.
 */
final class ApiToken {

    static final int MIN_LENGTH = 16;
    static final String PROPERTY = "ferry.security.api-token";

    private final byte[] digest;

    private ApiToken(String value) {
        this.digest = sha256(value);
    }

    /**
     * The configured token, or empty when none is set.
     *
     * @param value          {@code ferry.security.api-token}
     * @param executorToken  {@code ferry.executor.token}, or null: it reaches every executor's environment, which
     *                       anyone who can read the Mesos master's state can read, so it must never open the API
     * @throws InvalidConfigurationPropertyValueException when the token is too short or is the executor token
     */
    static Optional<ApiToken> of(String value, String executorToken) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        // The exception does not repeat the value (a secret, even a bad one) in its message; Spring Boot's report
        // of the failed start shows the configured value all the same, as it does for every invalid property.
        if (value.length() < MIN_LENGTH) {
            throw new InvalidConfigurationPropertyValueException(PROPERTY, "****",
                    "must have at least " + MIN_LENGTH + " characters");
        }
        if (value.equals(executorToken)) {
            throw new InvalidConfigurationPropertyValueException(PROPERTY, "****",
                    "must differ from ferry.executor.token, which anyone who can read the Mesos master's state can"
                            + " read");
        }
        return Optional.of(new ApiToken(value));
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(sha256(presented), digest);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }
}
