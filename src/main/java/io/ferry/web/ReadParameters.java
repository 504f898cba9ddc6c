package io.ferry.web;

/**
 * The query parameters of a read of a sandbox file ({@code offset}, {@code length}), checked: text in, numbers out,
 * or a {@link BadRequestException} naming the parameter (taken as text so that "abc" is answered like "-1", with
 * the field it concerns).
 */
public final class ReadParameters {

    private ReadParameters() {
    }

    /** A byte offset, 0 or more; null when not given. */
    public static Long offset(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long offset = Long.parseLong(value.strip());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below, like a negative number
        }
        throw new BadRequestException("offset", "must be a byte offset: a whole number, 0 or more");
    }

    /** How many bytes to read: 1 to {@link SandboxText#MAX_LENGTH}, that many when not given. */
    public static int length(String value) {
        if (value == null || value.isBlank()) {
            return SandboxText.MAX_LENGTH;
        }
        try {
            int length = Integer.parseInt(value.strip());
            if (length >= 1 && length <= SandboxText.MAX_LENGTH) {
                return length;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw new BadRequestException("length", "must be between 1 and " + SandboxText.MAX_LENGTH);
    }
}
