package io.ferry.local.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request targets parsed once each: the calls of schedulers and executors go to two or three paths, and parsing the
 * same target into a URI for every call was 1 % of the local cluster's CPU at window 256. Only the first {@link
 * #MAX_KEPT} distinct targets are kept, so that requests with ever new query strings cannot grow it.
 */
final class RequestTargets {

    static final int MAX_KEPT = 64;

    private static final ConcurrentHashMap<String, URI> PARSED = new ConcurrentHashMap<>();

    private RequestTargets() {
    }

    /** {@code target} as a URI (a URI is immutable, so one is shared). */
    static URI parse(String target) throws URISyntaxException {
        URI uri = PARSED.get(target);
        if (uri == null) {
            uri = new URI(target);
            if (PARSED.size() < MAX_KEPT) {
                PARSED.putIfAbsent(target, uri);
            }
        }
        return uri;
    }
}
