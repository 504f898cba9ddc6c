package io.ferry.web;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Who may do what. Reading (dashboard, task lists, health, metrics) is open; everything that changes something
 * (launching, cancelling) needs a logged-in operator and a CSRF token. The executor's class endpoint checks its
 * own bearer token; the executor jar and launch script are public (agents fetch them without credentials). Those
 * two are also matched by the starter's own chain, ordered before this one.
 *
 * <p>The CSRF token is kept in the {@code XSRF-TOKEN} cookie, readable by the dashboard's script and by API
 * clients, which send it back in the {@code X-XSRF-TOKEN} header.
 */
@Configuration
@EnableConfigurationProperties(OperatorProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String OPERATOR = "OPERATOR";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        // A plain (not XOR-masked) token, so that the cookie's value can be sent back as it is.
        csrfHandler.setCsrfRequestAttributeName(null);
        http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/executor/**", "/ferry/classes/**", "/login", "/error",
                                "/css/**", "/js/**", "/assets/**", "/favicon.ico").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/api/**", "/tasks/**", "/executors/**").permitAll()
                        .anyRequest().hasRole(OPERATOR))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(csrfHandler))
                .formLogin(form -> form.defaultSuccessUrl("/", false))
                .httpBasic(Customizer.withDefaults())
                .logout(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService operators(OperatorProperties operator, PasswordEncoder encoder) {
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
