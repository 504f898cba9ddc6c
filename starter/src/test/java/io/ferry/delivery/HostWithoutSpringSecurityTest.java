package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * A host without Spring Security (hidden from its class loader): Ferry adds no chain, and the host's pages and
 * Ferry's endpoints answer as they would without Ferry's security altogether.
 */
class HostWithoutSpringSecurityTest extends FerryEndpointsContract {

    private static HostApplication host;

    @BeforeAll
    static void start() {
        ClassLoader withoutSecurity = new FilteredClassLoader("org.springframework.security.");
        host = HostApplication.start(new SpringApplicationBuilder(Host.class)
                .resourceLoader(new DefaultResourceLoader(withoutSecurity)));
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
    void ferryAddsNoFilterChain() {
        assertThat(host.context().containsBean("ferryEndpointsSecurityFilterChain")).isFalse();
    }

    @Test
    void theHostsPageIsOpen() throws Exception {
        assertThat(host.get("/host/page").statusCode()).isEqualTo(200);
    }

    /** Not a {@code @SpringBootConfiguration}: the e2e tests find theirs by scanning, and must find only one. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(HostPage.class)
    static class Host {
    }
}
