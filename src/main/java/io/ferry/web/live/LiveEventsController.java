package io.ferry.web.live;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: the dashboard's live data as server-sent events ({@code overview}, {@code offers},
 * {@code tasks}, each a JSON snapshot, and the task stream's {@code stream}); {@code GET /api/stream}: the task
 * stream's window alone. Open to read, like the rest of {@code GET /api/**}.
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

    /**
     * {@code GET /api/stream}: the task stream's last five minutes, as the event stream's window ({@code stream}
     * with {@code window: true}) has them: for a page or a script that does not hold the event stream open.
     */
    @GetMapping(path = "/api/stream", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskStream stream() {
        return feed.window();
    }
}
