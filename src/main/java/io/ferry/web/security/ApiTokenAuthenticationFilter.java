package io.ferry.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code Authorization: Bearer <ferry.security.api-token>} as the operator,
 * for that request only: API clients send the token every time, so nothing goes into a session. A wrong token,
 * or any bearer token while none is configured, is answered 401 at once; a request without a bearer token passes
 * on untouched (to HTTP Basic, or to no authentication at all).
 */
final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private final Optional<ApiToken> token;
    private final String operator;
    private final AuthenticationEntryPoint unauthorized;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository requestOnly = new RequestAttributeSecurityContextRepository();

    ApiTokenAuthenticationFilter(Optional<ApiToken> token, String operator, AuthenticationEntryPoint unauthorized) {
        this.token = token;
        this.operator = operator;
        this.unauthorized = unauthorized;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (!ApiClientRequestMatcher.hasScheme(authorization, "Bearer")) {
            chain.doFilter(request, response);
            return;
        }
        String presented = authorization.substring("Bearer ".length()).trim();
        if (token.isEmpty() || !token.get().matches(presented)) {
            contexts.clearContext();
            unauthorized.commence(request, response, new BadCredentialsException(token.isEmpty()
                    ? "a bearer token, but no ferry.security.api-token is set" : "not the ferry.security.api-token"));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(operator, null,
                AuthorityUtils.createAuthorityList("ROLE_" + SecurityConfiguration.OPERATOR)));
        contexts.setContext(context);
        // Kept for this request's own error dispatch (the ERROR dispatch of a failed call), never beyond it.
        requestOnly.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}
