package io.ferry.web.tasks;

import io.ferry.api.TaskService;
import io.ferry.samples.Batches;
import io.ferry.samples.SampleLauncher;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskHistory;
import io.ferry.task.TaskOptions;
import io.ferry.web.SandboxText;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The engine behind the page and API slices: a real scheduler (no master: what is submitted stays queued) with the
 * history the test class fills ({@link TaskHistory}, a bean of the test's own), the real {@link TaskService},
 * batches and sample launcher, and the reader of tasks' output (which finds no executor here: nothing to read).
 * The scheduler starts with the context, after its history was filled.
 *
 * <p>With Spring Security's web configuration, so that the app's own chain (included by {@link #SECURITY}) guards
 * the slice as it guards the app: this Spring Boot's MockMvc slices bring it only with a test module the build
 * does not have.
 */
@TestConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class})
@Import({SandboxText.class, TaskOutput.class})
public class TaskPageBeans {

    /** The app's security chain, for {@code @WebMvcTest(includeFilters = …)}: its rules are what is tested. */
    public static final String SECURITY = "io\\.ferry\\.web\\.security\\.(SecurityConfiguration|OperatorProperties)";
    public static final TaskOptions OPTIONS = new TaskOptions(0.1, 32, Duration.ofMinutes(10), 2, "ferry-task",
            Map.of());

    @Bean
    FerryScheduler ferryScheduler(TaskHistory history) {
        return history.scheduler();
    }

    @Bean
    TaskService taskService(FerryScheduler scheduler) {
        return new TaskService(scheduler, OPTIONS);
    }

    @Bean
    Batches batches() {
        return new Batches();
    }

    @Bean
    SampleLauncher sampleLauncher(TaskService tasks, Batches batches) {
        return new SampleLauncher(tasks, batches);
    }
}
