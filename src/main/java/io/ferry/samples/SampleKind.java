package io.ferry.samples;

/** The sample tasks the dashboard and {@code POST /api/samples} can launch. */
public enum SampleKind {
    HELLO, PI, SLEEP, FAIL;

    /** Accepts "hello", "pi", "sleep", "fail" (any case). */
    public static SampleKind parse(String text) {
        for (SampleKind kind : values()) {
            if (kind.name().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("must be one of hello, pi, sleep, fail");
    }
}
