package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.FerryExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code ferryExecutorService} is no default candidate: injecting a plain {@code ExecutorService} never yields it,
 * asking for it by name does.
 */
class FerryExecutorServiceBeanTest {

    private final ApplicationContextRunner runner = FerryContextRunners.application();

    @Test
    void aPlainExecutorServiceIsTheApplicationsOwn() {
        runner.withUserConfiguration(OwnPool.class).withBean(PlainUser.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PlainUser.class).executor()).isSameAs(context.getBean("ownPool"));
        });
    }

    @Test
    void theQualifierYieldsFerrys() {
        runner.withUserConfiguration(OwnPool.class).withBean(QualifiedUser.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(QualifiedUser.class).executor())
                    .isInstanceOf(FerryExecutorService.class)
                    .isSameAs(context.getBean("ferryExecutorService"));
        });
    }

    @Test
    void withoutAnExecutorServiceOfItsOwnTheApplicationGetsNoneByType() {
        runner.withBean(OptionalUser.class).run(context ->
                assertThat(context.getBean(OptionalUser.class).executor().getIfAvailable()).isNull());
    }

    @Test
    void springBootsApplicationTaskExecutorIsStillCreated() {
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class)).run(context -> {
            assertThat(context).hasBean("applicationTaskExecutor");
            assertThat(context.getBean(Executor.class)).isSameAs(context.getBean("applicationTaskExecutor"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPool {

        @Bean(destroyMethod = "shutdownNow")
        ExecutorService ownPool() {
            return Executors.newSingleThreadExecutor();
        }
    }

    record PlainUser(ExecutorService executor) {
    }

    record QualifiedUser(@Qualifier("ferryExecutorService") ExecutorService executor) {
    }

    record OptionalUser(ObjectProvider<ExecutorService> executor) {
    }
}
