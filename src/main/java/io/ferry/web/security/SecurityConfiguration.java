package io.ferry.web.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Who may do what, in three filter chains (after the starter's own, which serves {@code /executor/**} and
 * {@code /ferry/classes/**} to agents and executors).
 *
 * <ol>
 *   <li>Health, info and Prometheus: open, with no credentials looked at, no session and no cookie, so that
 *       probes and scrapers work whatever they send and whether or not reading requires a login.</li>
 *   <li>API clients, told apart by an {@code Authorization: Basic|Bearer} header ({@link ApiClientRequestMatcher},
 *       which says why this is safe): the header authenticates every request by itself; no session is read or
 *       made, so there is no ambient credential for CSRF to protect and no CSRF token is asked for.</li>
 *   <li>Browsers, everything else: form login with a session, and a CSRF token on every change. The token is kept
 *       in the {@code XSRF-TOKEN} cookie, readable by the pages' scripts, which send it back in the
 *       {@code X-XSRF-TOKEN} header; server-rendered forms carry it in {@code _csrf}. This chain offers no HTTP
 *       Basic at all: a browser is never asked for Basic credentials, so it never keeps any.</li>
 * </ol>
 *
 * <p>In both of the last two, reading (every GET and HEAD: nothing in this app changes anything on a GET, and must
 * not) is open, or needs a login with {@code ferry.security.read-requires-login}; everything else (launching,
 * cancelling) needs the operator. Without credentials the answer is 401 with a problem body that says what to send
 * ({@link UnauthorizedEntryPoint}), or for a browser's page the login page.
 */
@Configuration
@EnableConfigurationProperties(OperatorProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String OPERATOR = "OPERATOR";

    private final OperatorProperties operator;
    private final Optional<ApiToken> apiToken;
    private final UnauthorizedEntryPoint unauthorized;

    SecurityConfiguration(OperatorProperties operator, Environment environment) {
        this.operator = operator;
        this.apiToken = ApiToken.of(operator.apiToken(), environment.getProperty("ferry.executor.token"));
        this.unauthorized = new UnauthorizedEntryPoint(apiToken.isPresent());
    }

    @Bean
    @Order(1)
    SecurityFilterChain openEndpointsSecurityFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(EndpointRequest.to("health", "info", "prometheus"))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiClientSecurityFilterChain(HttpSecurity http) throws Exception {
        ForbiddenHandler forbidden = new ForbiddenHandler(unauthorized, request -> false);
        return http.securityMatcher(new ApiClientRequestMatcher())
                .authorizeHttpRequests(this::rules)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context
                        .securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .addFilterBefore(new ApiTokenAuthenticationFilter(apiToken, operator.username(), unauthorized),
                        BasicAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain browserSecurityFilterChain(HttpSecurity http) throws Exception {
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        // A plain (not XOR-masked) token, so that the cookie's value can be sent back as it is.
        csrfHandler.setCsrfRequestAttributeName(null);
        MediaTypeRequestMatcher page = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        page.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
        AuthenticationEntryPoint loginOrProblem = DelegatingAuthenticationEntryPoint.builder()
                .addEntryPointFor(login, page)
                .defaultEntryPoint(unauthorized)
                .build();
        ForbiddenHandler forbidden = new ForbiddenHandler(loginOrProblem,
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login"));
        // Only a page is remembered for after the login; a script's or a feed's request would only make a session.
        HttpSessionRequestCache pagesOnly = new HttpSessionRequestCache();
        pagesOnly.setRequestMatcher(new AndRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/**"), page));
        return http
                .authorizeHttpRequests(this::rules)
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(csrfHandler))
                .formLogin(form -> form.defaultSuccessUrl("/", false))
                .logout(Customizer.withDefaults())
                .requestCache(cache -> cache.requestCache(pagesOnly))
                // As defaults, not as the entry point: a configured entry point would switch the login page off.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(login, page)
                        .defaultAuthenticationEntryPointFor(unauthorized, AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(forbidden))
                .build();
    }

    private void rules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers("/login", "/error", "/css/**", "/js/**", "/assets/**", "/favicon.ico").permitAll();
        if (operator.readRequiresLogin()) {
            auth.requestMatchers(HttpMethod.GET).authenticated()
                    .requestMatchers(HttpMethod.HEAD).authenticated();
        } else {
            auth.requestMatchers(HttpMethod.GET).permitAll()
                    .requestMatchers(HttpMethod.HEAD).permitAll();
        }
        auth.anyRequest().hasRole(OPERATOR);
    }

    @Bean
    UserDetailsService operators(PasswordEncoder encoder) {
        String password = operator.password();
        if (password == null || password.isBlank()) {
            byte[] bytes = new byte[12];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            log.warn("No ferry.security.password set; the operator '{}' logs in with the generated password: {}",
                    operator.username(), password);
        }
        return new InMemoryUserDetailsManager(User.withUsername(operator.username())
                .password(encoder.encode(password)).roles(OPERATOR).build());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
