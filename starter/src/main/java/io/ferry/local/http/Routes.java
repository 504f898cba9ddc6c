package io.ferry.local.http;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Path prefixes to handlers; the longest matching prefix routes a request, as the JDK's server does. */
final class Routes {

    private final List<Map.Entry<String, LoopbackHandler>> longestFirst;

    Routes(Map<String, LoopbackHandler> routes) {
        this.longestFirst = routes.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, LoopbackHandler> e) -> e.getKey().length())
                        .reversed())
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    /** The handler for {@code path}, or null (404). */
    LoopbackHandler route(String path) {
        for (Map.Entry<String, LoopbackHandler> route : longestFirst) {
            if (path.startsWith(route.getKey())) {
                return route.getValue();
            }
        }
        return null;
    }
}
