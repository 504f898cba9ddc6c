/**
 * Who may do what in the Ferry app: the operator's login (form login with a session and CSRF token for browsers;
 * HTTP Basic or the API token for scripts, per request), the rules that reading may be open while every change needs
 * the operator, and the {@code application/problem+json} answers to a request that is refused. It guards the pages
 * and the API by their paths only: it depends on no other Ferry package, and the rest of {@code io.ferry.web} does
 * not depend on it.
 */
package io.ferry.web.security;
