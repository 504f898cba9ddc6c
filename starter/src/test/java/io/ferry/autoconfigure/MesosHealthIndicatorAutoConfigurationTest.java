package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.metrics.MesosHealthIndicator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code mesos} health indicator: there by default, gone when the application turns it off. */
class MesosHealthIndicatorAutoConfigurationTest {

    private final ApplicationContextRunner runner = FerryContextRunners.application();

    @Test
    void theMesosIndicatorIsThereByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(MesosHealthIndicator.class)
                .hasBean("mesos"));
    }

    @Test
    void theHealthRegistryHasItAsMesos() {
        runner.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
                .run(context -> assertThat(context.getBean(HealthContributorRegistry.class).getContributor("mesos"))
                        .isSameAs(context.getBean(MesosHealthIndicator.class)));
    }

    @Test
    void theMesosIndicatorIsUpOnceSubscribed() {
        runner.run(context -> {
            MesosHealthIndicator mesos = context.getBean("mesos", MesosHealthIndicator.class);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(mesos.health().getStatus()).isEqualTo(Status.UP));
        });
    }

    @Test
    void theApplicationCanTurnItOff() {
        runner.withPropertyValues("management.health.mesos.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MesosHealthIndicator.class)
                        .doesNotHaveBean("mesos"));
    }
}
