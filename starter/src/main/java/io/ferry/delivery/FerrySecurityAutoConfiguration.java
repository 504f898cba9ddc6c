package io.ferry.delivery;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * When the embedding application uses Spring Security: a filter chain for Ferry's own endpoints only
 * ({@code /executor/**}, {@code /ferry/classes/**}), so that agents and executors reach them whatever the
 * application's rules are. The executor files are public; the class endpoint checks the executors' bearer token
 * itself ({@link ClassController}). Nothing else is matched: the application's pages keep its own chains.
 *
 * <p>Ordered after Spring Boot's web security auto-configurations: their default chain is created only when no
 * other chain exists, and it must still be created for an application that relies on it.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnBean(HttpSecurity.class)
public class FerrySecurityAutoConfiguration {

    static final String[] PATHS = {"/executor/**", "/ferry/classes/**"};

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain ferryEndpointsSecurityFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(PATHS)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                // GET only, no session, no cookies: nothing for CSRF to protect.
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .build();
    }
}
