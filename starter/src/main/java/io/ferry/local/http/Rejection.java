package io.ferry.local.http;

/**
 * A request the server refuses before any handler sees it: it is answered in its turn (after the responses to
 * the requests pipelined before it) with {@code status}, and the connection then closes, since what follows it on
 * the connection cannot be trusted.
 */
record Rejection(int status, String message) {
}
