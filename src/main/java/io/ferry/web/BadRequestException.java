package io.ferry.web;

/** A request value that is wrong; answered with a 400 problem naming the field. */
public class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
