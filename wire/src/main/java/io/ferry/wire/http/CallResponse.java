package io.ferry.wire.http;

/** The answer to a call: its status and body (as text: callers only log it). */
public record CallResponse(int status, String body) {
}
