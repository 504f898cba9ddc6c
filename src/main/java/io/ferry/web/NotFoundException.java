package io.ferry.web;

/** Answered with a 404 problem naming what was not found (its {@code id}). */
public class NotFoundException extends RuntimeException {
    private final String id;

    public NotFoundException(String id, String message) {
        super(message);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
