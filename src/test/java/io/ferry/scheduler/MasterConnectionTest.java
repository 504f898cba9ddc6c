package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MasterConnectionTest {

    private static final URI CURRENT = URI.create("http://master1:5050/api/v1/scheduler");

    @Test
    void followsAProtocolRelativeLocationAsMesosSendsIt() {
        assertThat(MasterConnection.leaderEndpoint(CURRENT, "//master2:5050/api/v1/scheduler"))
                .isEqualTo(URI.create("http://master2:5050/api/v1/scheduler"));
    }

    @Test
    void followsTheDocumentationsHostAndPortForm() {
        assertThat(MasterConnection.leaderEndpoint(CURRENT, "master2:5050"))
                .isEqualTo(URI.create("http://master2:5050/api/v1/scheduler"));
    }

    @Test
    void followsAnAbsoluteUrl() {
        assertThat(MasterConnection.leaderEndpoint(CURRENT, "https://master3:5050/master/api/v1/scheduler"))
                .isEqualTo(URI.create("https://master3:5050/master/api/v1/scheduler"));
    }
}
