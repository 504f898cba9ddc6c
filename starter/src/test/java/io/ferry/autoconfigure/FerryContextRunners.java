package io.ferry.autoconfigure;

import io.ferry.delivery.FerryDeliveryAutoConfiguration;
import io.ferry.delivery.FerrySecurityAutoConfiguration;
import io.ferry.metrics.FerryHealthAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Context runners with Ferry's auto-configurations, as the starter's imports list them, and the meter registry the
 * scheduler's metrics need (Spring Boot's own metrics auto-configuration, as in any application with the starter).
 * One agent: every context starts an embedded cluster, and no test here runs a task.
 */
public final class FerryContextRunners {

    public static final AutoConfigurations FERRY = AutoConfigurations.of(FerryAutoConfiguration.class,
            FerryDeliveryAutoConfiguration.class, FerrySecurityAutoConfiguration.class,
            FerryHealthAutoConfiguration.class);

    private static final AutoConfigurations METRICS = AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class);

    private FerryContextRunners() {
    }

    /** A plain (not web) application. */
    public static ApplicationContextRunner application() {
        return withFerry(new ApplicationContextRunner());
    }

    /** A servlet web application (no server is started). */
    public static WebApplicationContextRunner servletApplication() {
        return withFerry(new WebApplicationContextRunner());
    }

    public static <R extends AbstractApplicationContextRunner<R, ?, ?>> R withFerry(R runner) {
        return runner.withConfiguration(FERRY)
                .withConfiguration(METRICS)
                .withPropertyValues("ferry.local.agents=1");
    }
}
