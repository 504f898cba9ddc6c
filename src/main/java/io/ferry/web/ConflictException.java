package io.ferry.web;

/** A request that cannot be done in the state its target is in; answered with a 409 problem naming the target. */
public class ConflictException extends RuntimeException {
    private final String id;

    public ConflictException(String id, String message) {
        super(message);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
