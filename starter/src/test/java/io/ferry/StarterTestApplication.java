package io.ferry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest application that embeds Ferry: auto-configuration only, no component scan, so that the starter's
 * tests see exactly what a user's application gets from the dependency.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterTestApplication {
}
