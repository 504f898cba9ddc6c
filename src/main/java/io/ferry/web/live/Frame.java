package io.ferry.web.live;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One server-sent event, serialized once for all clients: {@code event: <type>} and {@code data: <json>}; or a
 * comment that keeps an idle connection tested (a write is how a server learns that its client is gone).
 *
 * @param type the event type, which is also the mailbox slot it takes ({@code overview}, {@code offers},
 *             {@code tasks}, or {@link #KEEP_ALIVE})
 * @param json the event's data, or null for the keep-alive
 */
record Frame(String type, String json) {

    static final String KEEP_ALIVE = "keep-alive";

    static Frame keepAlive() {
        return new Frame(KEEP_ALIVE, null);
    }

    SseEmitter.SseEventBuilder event() {
        return json == null ? SseEmitter.event().comment(type) : SseEmitter.event().name(type).data(json);
    }
}
