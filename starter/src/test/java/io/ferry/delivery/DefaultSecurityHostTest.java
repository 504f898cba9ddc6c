package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A host that relies on Spring Boot's default security (no chain of its own): Ferry's chain is added for Ferry's
 * paths, and Boot's default chain is still created for everything else — Ferry's auto-configuration runs after
 * Boot's, whose default chain backs off as soon as any other chain exists.
 */
class DefaultSecurityHostTest extends FerryEndpointsContract {

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
    void theHostsPageAsksForCredentials() throws Exception {
        assertThat(host.get("/host/page").statusCode()).isEqualTo(401);
    }

    @Test
    void theHostsPageOpensToSpringBootsDefaultUser() throws Exception {
        assertThat(host.getAsHostUser("/host/page").statusCode()).isEqualTo(200);
    }

    @Test
    void springBootsDefaultChainIsThereBesideFerrys() {
        // With Actuator on the class path (the starter brings it), Boot's default chain is the management one.
        assertThat(host.context().getBeansOfType(SecurityFilterChain.class))
                .containsOnlyKeys("ferryEndpointsSecurityFilterChain", "managementSecurityFilterChain");
    }

    /** Not a {@code @SpringBootConfiguration}: the e2e tests find theirs by scanning, and must find only one. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(HostPage.class)
    static class Host {
    }
}
