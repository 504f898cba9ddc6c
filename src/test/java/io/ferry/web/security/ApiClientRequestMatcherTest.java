package io.ferry.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ApiClientRequestMatcherTest {

    private final ApiClientRequestMatcher matcher = new ApiClientRequestMatcher();

    private static MockHttpServletRequest request(String authorization, String fetchSite) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/samples");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        if (fetchSite != null) {
            request.addHeader("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

    @Test
    void basicOrBearerCredentialsMakeAnApiClient() {
        assertThat(matcher.matches(request("Basic b3BlcmF0b3I6eA==", null))).isTrue();
        assertThat(matcher.matches(request("Bearer abc", null))).isTrue();
        assertThat(matcher.matches(request("bearer abc", null))).isTrue();
    }

    @Test
    void noneOrAnotherSchemeIsABrowser() {
        assertThat(matcher.matches(request(null, null))).isFalse();
        assertThat(matcher.matches(request("Negotiate abc", null))).isFalse();
        assertThat(matcher.matches(request("Bearerabc", null))).isFalse();
        assertThat(matcher.matches(request("Basic", null))).isFalse();
    }

    @Test
    void aBrowsersRequestFromAnotherSiteIsNeverAnApiClientsWhateverItCarries() {
        assertThat(matcher.matches(request("Basic b3BlcmF0b3I6eA==", "cross-site"))).isFalse();
        assertThat(matcher.matches(request("Basic b3BlcmF0b3I6eA==", "same-site"))).isFalse();
        assertThat(matcher.matches(request("Basic b3BlcmF0b3I6eA==", "same-origin"))).isTrue();
        assertThat(matcher.matches(request("Basic b3BlcmF0b3I6eA==", "none"))).isTrue();
    }
}
