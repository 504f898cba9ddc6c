package io.ferry.web;

/** Answered with a 404 problem. */
class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
