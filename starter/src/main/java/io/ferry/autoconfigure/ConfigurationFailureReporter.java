package io.ferry.autoconfigure;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a bad {@code ferry.*} value as one line on standard error, and nothing else: the stack trace and Spring's
 * report go to the debug log ({@code logging.level.io.ferry.autoconfigure=debug}).
 *
 * <p>How Spring Boot reports a failed start: {@code SpringApplication} hands the failure to its
 * {@link SpringBootExceptionReporter}s from {@code spring.factories}, in order, until one reports it. Spring's own
 * one runs the failure analyzers and then every {@code FailureAnalysisReporter}, whose standard one logs the
 * fifteen-line "APPLICATION FAILED TO START" block at ERROR; if no reporter reports a failure, it is logged with its
 * stack trace. Ordered first, this reporter takes Ferry's configuration failures (as
 * {@link InvalidConfigurationFailureAnalyzer} recognises them) and leaves every other failure to Spring.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConfigurationFailureReporter implements SpringBootExceptionReporter {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationFailureReporter.class);

    private final InvalidConfigurationFailureAnalyzer analyzer = new InvalidConfigurationFailureAnalyzer();

    @Override
    public boolean reportException(Throwable failure) {
        FailureAnalysis analysis = analyzer.analyze(failure);
        if (analysis == null) {
            return false;
        }
        log.debug("Application failed to start: {} {}", analysis.getDescription(), analysis.getAction(), failure);
        PrintStream err = System.err;
        err.println(analysis.getDescription());
        err.flush();
        return true;
    }
}
