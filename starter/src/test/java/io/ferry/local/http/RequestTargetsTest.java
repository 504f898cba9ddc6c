package io.ferry.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

class RequestTargetsTest {

    @Test
    void aTargetIsParsedOnceAndKept() throws Exception {
        assertThat(RequestTargets.parse("/api/v1/scheduler")).isSameAs(RequestTargets.parse("/api/v1/scheduler"))
                .hasPath("/api/v1/scheduler");
        assertThat(RequestTargets.parse("/files/read?path=a%20b").getQuery()).isEqualTo("path=a b");
    }

    @Test
    void everNewTargetsAreParsedButNotAllKept() throws Exception {
        for (int i = 0; i < RequestTargets.MAX_KEPT * 2; i++) {
            assertThat(RequestTargets.parse("/files/read?offset=" + i).getQuery()).isEqualTo("offset=" + i);
        }
        int last = RequestTargets.MAX_KEPT * 2 - 1;
        assertThat(RequestTargets.parse("/files/read?offset=" + last))
                .isNotSameAs(RequestTargets.parse("/files/read?offset=" + last));
    }

    @Test
    void aMalformedTargetIsRefused() {
        assertThatThrownBy(() -> RequestTargets.parse("/a b")).isInstanceOf(URISyntaxException.class);
    }
}
