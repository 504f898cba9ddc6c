package io.ferry.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

class ApiTokenTest {

    private static final String TOKEN = "0123456789abcdef";

    @Test
    void matchesItselfOnly() {
        ApiToken token = ApiToken.of(TOKEN, null).orElseThrow();

        assertThat(token.matches(TOKEN)).isTrue();
        assertThat(token.matches(TOKEN + "0")).isFalse();
        assertThat(token.matches(TOKEN.substring(1))).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void unsetOrBlankIsNoToken() {
        assertThat(ApiToken.of(null, null)).isEmpty();
        assertThat(ApiToken.of(" ", null)).isEmpty();
    }

    @Test
    void aShortTokenStopsTheStartNamingThePropertyAndTheRule() {
        assertThatThrownBy(() -> ApiToken.of("0123456789abcde", null))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("ferry.security.api-token").hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining("0123456789abcde");
    }

    @Test
    void theExecutorsTokenIsNeverTheApiToken() {
        assertThatThrownBy(() -> ApiToken.of(TOKEN, TOKEN))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("ferry.executor.token");
    }

    @Test
    void neverShowsItself() {
        assertThat(ApiToken.of(TOKEN, null).orElseThrow().toString()).doesNotContain(TOKEN);
        assertThat(new OperatorProperties("operator", "secret-password", TOKEN, false).toString())
                .doesNotContain(TOKEN).doesNotContain("secret-password").contains("operator");
    }
}
