package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferry.StarterTestApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A bad value stops start-up, and the report's description is one line naming the property and the reason. */
class ConfigurationFailureTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ferry.local.agents=0             | ferry.local.agents: must be greater than or equal to 1",
            "ferry.local.agents=many          | ferry.local.agents: ",
            "ferry.executor.cpus=0            | ferry.executor.cpus: must be at least 0.01",
            "ferry.mesos.master=ftp://x:5050  | ferry.mesos.master: must be an absolute http:// or https:// URL",
            "ferry.advertised-url=localhost   | ferry.advertised-url: must be an absolute http:// or https:// URL",
            "ferry.executor.token=short       | ferry.executor.token: must have at least 16 characters",
            "ferry.task.timeout=soon          | ferry.task.timeout: ",
            "ferry.executor.max-result-size=1GB | ferry.executor.max-result-size: must be at most 64MB",
            "ferry.scheduler.max-bytes-in-flight=0MB | ferry.scheduler.max-bytes-in-flight: must be positive",
            "ferry.scheduler.max-bytes-in-flight=lots | ferry.scheduler.max-bytes-in-flight: "})
    void aBadValueIsReportedInOneLine(String property, String expected) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(StarterTestApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off", "--" + property.trim()).close());

        assertThat(failure).as("start-up with " + property).isNotNull();
        FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of " + failure).isNotNull();
        assertThat(analysis.getDescription()).startsWith("Invalid Ferry configuration: ")
                .contains(expected.trim())
                .doesNotContain("\n");
    }
}
