package io.ferry.web;

/** A request value that is wrong; answered with a 400 problem naming the field. */
class BadRequestException extends RuntimeException {
    private final String field;

    BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
