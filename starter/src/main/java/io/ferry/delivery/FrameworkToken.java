package io.ferry.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token Ferry's executors present when they call back into the app (class fetches). It reaches them in the
 * executor's environment; anyone who can read the master's state can read it, so the class endpoint serves class
 * files only, never other resources.
 *
 * @param value the token
 */
public record FrameworkToken(String value) {

    public FrameworkToken {
        if (value == null || value.length() < 16) {
            throw new IllegalArgumentException("the framework token must have at least 16 characters");
        }
    }

    public static FrameworkToken random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new FrameworkToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Whether an {@code Authorization} header carries this token, compared in constant time. */
    public boolean matchesBearer(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "FrameworkToken[****]";
    }
}
