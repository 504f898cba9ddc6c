package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A host with a filter chain of its own that denies everything but one page: its pages keep its rules, and Ferry's
 * paths still work, matched by Ferry's chain before the host's.
 */
class OwnSecurityChainHostTest extends FerryEndpointsContract {

    private static HostApplication host;

    @BeforeAll
    static void start() {
        host = HostApplication.start(Host.class);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Override
    HostApplication host() {
        return host;
    }

    @Test
    void thePageTheHostOpensIsOpen() throws Exception {
        assertThat(host.get("/host/open").statusCode()).isEqualTo(200);
    }

    @Test
    void thePageTheHostDeniesIsDeniedEvenToItsUser() throws Exception {
        assertThat(host.getAsHostUser("/host/page").statusCode()).isEqualTo(403);
    }

    /** Not a {@code @SpringBootConfiguration}: the e2e tests find theirs by scanning, and must find only one. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(HostPage.class)
    static class Host {

        @Bean
        SecurityFilterChain hostSecurityFilterChain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(auth -> auth
                            .requestMatchers("/host/open").permitAll()
                            .anyRequest().denyAll())
                    .httpBasic(Customizer.withDefaults())
                    .build();
        }
    }
}
