package io.ferry.web.live;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: the dashboard's live data as server-sent events ({@code overview}, {@code offers},
 * {@code tasks}, each a JSON snapshot). Open to read, like the rest of {@code GET /api/**}.
 */
@RestController
class LiveEventsController {

    private final LiveFeed feed;

    LiveEventsController(LiveFeed feed) {
        this.feed = feed;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events() {
        return feed.subscribe();
    }
}
