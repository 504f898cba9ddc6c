package io.ferry.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link InvalidConfigurationException} into Spring Boot's start-up failure report: property and reason. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("Invalid Ferry configuration: " + cause.getMessage(),
                "Fix the property '" + cause.property() + "' (application.properties, an environment variable or a"
                        + " command-line argument) and start again.", cause);
    }
}
