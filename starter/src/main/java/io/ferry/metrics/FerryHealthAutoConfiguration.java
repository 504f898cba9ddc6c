package io.ferry.metrics;

import io.ferry.scheduler.FerryScheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The {@code mesos} health indicator ({@code management.health.mesos.enabled=false} turns it off). Add it to the
 * readiness group ({@code management.endpoint.health.group.readiness.include=readinessState,mesos}) where a Ferry
 * that cannot reach Mesos should take no traffic, and keep it out of liveness.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = "io.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(FerryScheduler.class)
@ConditionalOnEnabledHealthIndicator("mesos")
public class FerryHealthAutoConfiguration {

    @Bean("mesos")
    @ConditionalOnMissingBean(name = "mesos")
    MesosHealthIndicator mesosHealthIndicator(FerryScheduler scheduler, Environment environment) {
        // The same test as the auto-configuration's: an unset or blank ferry.mesos.master is local mode.
        boolean remote = StringUtils.hasText(environment.getProperty("ferry.mesos.master"));
        return new MesosHealthIndicator(scheduler, remote ? MesosHealthIndicator.Mode.REMOTE
                : MesosHealthIndicator.Mode.LOCAL);
    }
}
