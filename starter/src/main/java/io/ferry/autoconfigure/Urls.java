package io.ferry.autoconfigure;

import java.net.URI;

/** Checks the URLs of the configuration, so that a bad one stops start-up with the property's name. */
final class Urls {

    private Urls() {
    }

    /** An absolute http(s) URL with a host, or an {@link InvalidConfigurationException} naming {@code property}. */
    static URI httpUrl(String property, URI url) {
        if (url == null) {
            return null;
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidConfigurationException(property, url.toString(),
                    "must be an absolute http:// or https:// URL");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new InvalidConfigurationException(property, url.toString(), "has no host name");
        }
        if (url.getQuery() != null || url.getFragment() != null) {
            throw new InvalidConfigurationException(property, url.toString(), "must not have a query or fragment");
        }
        return url;
    }
}
