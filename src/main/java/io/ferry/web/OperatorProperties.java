package io.ferry.web;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator login of the Ferry app ({@code ferry.security.*}): the one user who may launch and cancel tasks
 * from the dashboard and the JSON API.
 *
 * @param username the operator's user name
 * @param password the operator's password; empty = a random one, logged once at start-up
 */
@Validated
@ConfigurationProperties("ferry.security")
public record OperatorProperties(@DefaultValue("operator") @NotBlank String username, String password) {
}
