package io.ferry.delivery;

import io.ferry.scheduler.FerryScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * What agents and executors fetch from the embedding application: the executor's jar and launch script, and the
 * application's classes. Needs a servlet web application: agents reach Ferry over HTTP at
 * {@code ferry.advertised-url}.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = "io.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class FerryDeliveryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ExecutorFilesController ferryExecutorFilesController(ApplicationContext context, MeterRegistry registry) {
        return new ExecutorFilesController(context.getClassLoader(), registry);
    }

    @Bean
    ExecutorFilesWarmUp ferryExecutorFilesWarmUp(ObjectProvider<FerryScheduler> scheduler) {
        return new ExecutorFilesWarmUp(scheduler);
    }

    @Bean
    @ConditionalOnMissingBean
    ClassController ferryClassController(FrameworkToken token, ApplicationContext context, MeterRegistry registry) {
        return new ClassController(token, context.getClassLoader(), registry);
    }
}
