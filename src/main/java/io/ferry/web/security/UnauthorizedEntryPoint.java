package io.ferry.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 for a request without the operator's credentials, or with wrong ones: a problem body that says what to send.
 *
 * <p>The challenge is {@code WWW-Authenticate: Bearer}, never {@code Basic}. A browser answers a Basic challenge
 * with its own login prompt and then attaches what was typed there to every later request to this site, cross-site
 * ones included; the API chain, which trusts an {@code Authorization} header without a CSRF token, must never see
 * such requests. Browsers prompt for no Bearer challenge. (API clients send Basic credentials without waiting for a
 * challenge: {@code curl -u}, for one.)
 */
final class UnauthorizedEntryPoint implements AuthenticationEntryPoint {

    static final String CHALLENGE = "Bearer realm=\"ferry\"";

    private final boolean apiTokenSet;

    /** @param apiTokenSet whether {@code ferry.security.api-token} is set, so that a bearer token can be accepted */
    UnauthorizedEntryPoint(boolean apiTokenSet) {
        this.apiTokenSet = apiTokenSet;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String howTo = "Log in at " + request.getContextPath() + "/login, or send the operator's HTTP Basic"
                + " credentials or the header 'Authorization: Bearer <ferry.security.api-token>'.";
        SecurityProblem problem;
        if (e instanceof BadCredentialsException) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            String what = ApiClientRequestMatcher.hasScheme(authorization, "Bearer")
                    ? (apiTokenSet ? "The bearer token is not ferry.security.api-token."
                            : "No bearer token is accepted: ferry.security.api-token is not set.")
                    : "The user name or password is wrong.";
            problem = new SecurityProblem(HttpStatus.UNAUTHORIZED, "Credentials not accepted", what + " " + howTo);
        } else {
            problem = new SecurityProblem(HttpStatus.UNAUTHORIZED, "Login required",
                    "This needs the operator's login. " + howTo);
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        problem.send(request, response);
    }
}
