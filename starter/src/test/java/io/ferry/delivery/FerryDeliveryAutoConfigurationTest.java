package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.autoconfigure.FerryContextRunners;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

/** Agents fetch over HTTP from a servlet application: the delivery endpoints exist there and nowhere else. */
class FerryDeliveryAutoConfigurationTest {

    @Test
    void aServletApplicationServesTheExecutorAndTheClasses() {
        FerryContextRunners.servletApplication().run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(ExecutorFilesController.class)
                .hasSingleBean(ClassController.class));
    }

    @Test
    void aPlainApplicationHasNoDeliveryEndpoints() {
        FerryContextRunners.application().run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(ExecutorFilesController.class)
                .doesNotHaveBean(ClassController.class));
    }

    @Test
    void aReactiveApplicationHasNoDeliveryEndpoints() {
        FerryContextRunners.withFerry(new ReactiveWebApplicationContextRunner()).run(context ->
                assertThat(context).hasNotFailed()
                        .doesNotHaveBean(ExecutorFilesController.class)
                        .doesNotHaveBean(ClassController.class));
    }
}
