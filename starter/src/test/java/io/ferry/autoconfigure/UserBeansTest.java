package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import io.ferry.autoconfigure.LocalClusterConfiguration.RunningLocalCluster;
import io.ferry.delivery.FrameworkToken;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.task.TaskOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans an application may want its own of: when it defines one, Ferry's backs off. */
class UserBeansTest {

    private static final FrameworkToken OWN_TOKEN = new FrameworkToken("an-application-chosen-token");

    private final ApplicationContextRunner runner = FerryContextRunners.application();

    @Test
    void theApplicationsTaskServiceWins() {
        runner.withUserConfiguration(OwnTaskService.class).run(context -> {
            assertThat(context).hasSingleBean(TaskService.class);
            assertThat(context.getBean(TaskService.class).defaultOptions()).isEqualTo(OwnTaskService.OPTIONS);
        });
    }

    @Test
    void theApplicationsFrameworkTokenWins() {
        runner.withBean(FrameworkToken.class, () -> OWN_TOKEN).run(context -> {
            assertThat(context).hasSingleBean(FrameworkToken.class);
            assertThat(context.getBean(FrameworkToken.class)).isSameAs(OWN_TOKEN);
        });
    }

    @Test
    void theApplicationsMasterEndpointWins() {
        MasterEndpoint own = new MasterEndpoint(UnusedPort.find().url(), false);
        runner.withBean(MasterEndpoint.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MasterEndpoint.class);
            assertThat(context.getBean(MasterEndpoint.class)).isSameAs(own);
        });
    }

    @Test
    void withTheApplicationsMasterEndpointNoEmbeddedClusterStarts() {
        MasterEndpoint own = new MasterEndpoint(UnusedPort.find().url(), false);
        runner.withBean(MasterEndpoint.class, () -> own)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RunningLocalCluster.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTaskService {

        static final TaskOptions OPTIONS = new TaskOptions(0.5, 64, Duration.ofMinutes(1), 0, "own-task", Map.of());

        @Bean
        TaskService ownTaskService(FerryScheduler scheduler) {
            return new TaskService(scheduler, OPTIONS);
        }
    }
}
