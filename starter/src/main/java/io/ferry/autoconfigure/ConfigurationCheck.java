package io.ferry.autoconfigure;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks every {@code ferry.*} property as soon as the environment is complete (configuration files read, logging
 * set up), before the application context exists. A bad value thus stops start-up before anything has started —
 * no web server, no local cluster — and before a context could fail, which Spring reports with a warning of its own
 * and a condition report; {@link ConfigurationFailureReporter} then reports it in one line.
 *
 * <p>In order: unknown keys (a typo explains more than anything after it), types and declared ranges (by binding
 * every {@code ferry.*} properties class), Ferry's rules ({@link FerryPropertiesRules}), the executor's JVM options
 * (local mode), and the advertised URL's reach (remote mode). Registered in {@code META-INF/spring.factories}, so
 * that it runs for every {@code SpringApplication} that has the starter.
 */
final class ConfigurationCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        ClassLoader loader = event.getSpringApplication().getClassLoader();
        KnownProperties known = KnownProperties.on(loader);
        UnknownProperties.check(environment, known);
        FerryProperties ferry = EarlyBinding.bind(environment, known, loader);
        ConfiguredValues values = new ConfiguredValues(environment);
        new FerryPropertiesRules(ferry, values).check();
        if (ferry.localMode()) {
            new ExecutorJvmCheck(values).check(ferry.executor().java(), ferry.executor().javaOpts(),
                    ferry.executor().memMb());
        }
        ReachableUrlCheck.check(ferry, values);
    }
}
