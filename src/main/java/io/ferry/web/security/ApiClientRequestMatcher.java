package io.ferry.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Tells an API client's request from a browser's: an API client sends its credentials itself, in an
 * {@code Authorization: Basic …} or {@code Authorization: Bearer …} header, with every request.
 *
 * <p>Such a request needs no CSRF token, because a cross-site attacker cannot make a browser send an
 * {@code Authorization} header: a page may only set it on a request to its own origin (to another one, only after a
 * CORS preflight, which this app never grants), and a browser adds one by itself only after answering a Basic
 * challenge, which this app never sends ({@link UnauthorizedEntryPoint}). For a browser that has Basic credentials
 * cached all the same (typed into a URL, or from before), a request the browser marks as coming from another site
 * ({@code Sec-Fetch-Site: cross-site} or {@code same-site}) is never taken for an API client's: it is a browser's
 * request, authenticated by the session alone and held to the CSRF token.
 */
final class ApiClientRequestMatcher implements RequestMatcher {

    @Override
    public boolean matches(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return (hasScheme(authorization, "Basic") || hasScheme(authorization, "Bearer")) && !fromAnotherSite(request);
    }

    /** Whether an {@code Authorization} header uses {@code scheme} (which is case-insensitive, RFC 9110 §11.1). */
    static boolean hasScheme(String authorization, String scheme) {
        return authorization != null && authorization.length() > scheme.length()
                && authorization.regionMatches(true, 0, scheme, 0, scheme.length())
                && authorization.charAt(scheme.length()) == ' ';
    }

    /**
     * Browsers send {@code Sec-Fetch-Site} with every request: {@code same-origin} from this app's own pages,
     * {@code none} for what the user typed or bookmarked. API clients do not send it.
     */
    private static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none");
    }
}
