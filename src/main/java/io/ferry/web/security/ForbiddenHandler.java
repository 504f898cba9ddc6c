package io.ferry.web.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * 403 with a problem body that says why: a missing or wrong CSRF token, or a user who is not the operator.
 *
 * <p>The CSRF check runs before authorization, so a request with no login at all and no CSRF token (a first
 * {@code curl -d …} without {@code -u}) would be told about CSRF, which is not what it lacks: it is handed to the
 * entry point instead (401 with what to send, or the login page for a browser). Only the login form itself is
 * always told about its CSRF token.
 */
final class ForbiddenHandler implements AccessDeniedHandler {

    private final AuthenticationEntryPoint whenNotLoggedIn;
    private final RequestMatcher loginForm;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    ForbiddenHandler(AuthenticationEntryPoint whenNotLoggedIn, RequestMatcher loginForm) {
        this.whenNotLoggedIn = whenNotLoggedIn;
        this.loginForm = loginForm;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException, ServletException {
        if (e instanceof CsrfException) {
            if (!trust.isAuthenticated(contexts.getContext().getAuthentication()) && !loginForm.matches(request)) {
                whenNotLoggedIn.commence(request, response,
                        new InsufficientAuthenticationException("not logged in (and no CSRF token)", e));
                return;
            }
            new SecurityProblem(HttpStatus.FORBIDDEN, "CSRF token missing or invalid",
                    "A browser session sends its CSRF token with every change: the XSRF-TOKEN cookie's value in the"
                            + " X-XSRF-TOKEN header, or the _csrf field of a form (the dashboard's forms and scripts"
                            + " do). Reload the page and try again. API clients need no CSRF token: they send the"
                            + " operator's HTTP Basic credentials or 'Authorization: Bearer"
                            + " <ferry.security.api-token>' instead of a session cookie.")
                    .send(request, response);
            return;
        }
        new SecurityProblem(HttpStatus.FORBIDDEN, "Forbidden", "Only the operator may do this.")
                .send(request, response);
    }
}
