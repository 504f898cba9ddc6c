package io.ferry.web;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator login of the Ferry app ({@code ferry.security.*}): the one user who may launch and cancel tasks
 * from the dashboard and the JSON API, and who reads them when reading requires a login.
 *
 * @param username           the operator's user name
 * @param password           the operator's password; empty = a random one, logged once at start-up
 * @param apiToken           a bearer token API clients may send instead of the operator's user name and password;
 *                           empty = none accepted. At least 16 characters, and not {@code ferry.executor.token}
 *                           (checked at start-up)
 * @param readRequiresLogin  whether reading (the dashboard, {@code GET /api/**}) needs the operator's login too;
 *                           off by default, as in the Mesos UI. Health, info and Prometheus stay open either way
 */
@Validated
@ConfigurationProperties("ferry.security")
public record OperatorProperties(
        @DefaultValue("operator") @NotBlank String username,
        String password,
        String apiToken,
        @DefaultValue("false") boolean readRequiresLogin) {

    /** Without the password and the token: a record's own {@code toString} would print them wherever it is logged. */
    @Override
    public String toString() {
        return "OperatorProperties[username=" + username + ", password=" + (password == null || password.isBlank() ? "(random)" : "****")
                + ", apiToken=" + (apiToken == null || apiToken.isBlank() ? "(none)" : "****") + ", readRequiresLogin=" + readRequiresLogin
                + "]";
    }
}
