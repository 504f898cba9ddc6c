package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application's beans keep their names: one called, say, {@code taskService} for a class of its own does not
 * clash with Ferry's (Spring Boot refuses to override bean definitions), and Ferry's beans are still there.
 */
class BeanNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"taskService", "frameworkToken", "schedulerMetrics", "masterEndpoint", "localCluster"})
    void anApplicationBeanWithACommonNameDoesNotClash(String name) {
        FerryContextRunners.application()
                .withBean(name, ApplicationOwnBean.class, ApplicationOwnBean::new)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TaskService.class);
                    assertThat(context.getBean(name)).isInstanceOf(ApplicationOwnBean.class);
                });
    }

    static class ApplicationOwnBean {
    }
}
