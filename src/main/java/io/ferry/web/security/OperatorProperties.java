package io.ferry.web.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator login of the Ferry app ({@code ferry.security.*}): the one user who may launch and cancel tasks
 * from the dashboard and the JSON API, and who reads them when reading requires a login. Checked at start-up with
 * the starter's own properties, before the context exists: a bad value stops the app with one line.
 *
 * <p>The {@code @param} texts are plain sentences: the configuration processor copies them into the descriptions
 * IDEs show.
 *
 * @param username          The operator's user name. HTTP Basic sends it before a colon, so it has none.
 * @param password          The operator's password. When empty, a random one is generated and logged once at
 *                          start-up.
 * @param apiToken          A bearer token API clients may send instead of the operator's user name and password.
 *                          When empty, none is accepted. At least 16 characters, and not ferry.executor.token.
 * @param readRequiresLogin Whether reading (the dashboard, GET /api/**) needs the operator's login too. Off by
 *                          default, as in the Mesos UI. Health, info and Prometheus stay open either way.
 */
@Validated
@ConfigurationProperties("ferry.security")
public record OperatorProperties(
        @DefaultValue("operator") @NotBlank
        @Pattern(regexp = "[^:\\p{Cntrl}]*", message = "must not contain ':' or control characters (HTTP Basic"
                + " sends the user name before a ':')") String username,
        String password,
        String apiToken,
        @DefaultValue("false") boolean readRequiresLogin) {

    /** Without the password and the token: a record's own {@code toString} would print them wherever it is logged. */
    @Override
    public String toString() {
        return "OperatorProperties[username=" + username
                + ", password=" + (password == null || password.isBlank() ? "(random)" : "****")
                + ", apiToken=" + (apiToken == null || apiToken.isBlank() ? "(none)" : "****")
                + ", readRequiresLogin=" + readRequiresLogin + "]";
    }
}
