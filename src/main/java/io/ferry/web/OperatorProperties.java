package io.ferry.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator login of the Ferry app ({@code ferry.security.*}): the one user who may launch and cancel tasks
 * from the dashboard and the JSON API. Checked at start-up with the starter's own properties, before the context
 * exists: a bad value stops the app with one line.
 *
 * <p>The {@code @param} texts are plain sentences: the configuration processor copies them into the descriptions
 * IDEs show.
 *
 * @param username The operator's user name. HTTP Basic sends it before a colon, so it has none.
 * @param password The operator's password. When empty, a random one is generated and logged once at start-up.
 */
@Validated
@ConfigurationProperties("ferry.security")
public record OperatorProperties(
        @DefaultValue("operator") @NotBlank
        @Pattern(regexp = "[^:\\p{Cntrl}]*", message = "must not contain ':' or control characters (HTTP Basic"
                + " sends the user name before a ':')") String username,
        String password) {
}
