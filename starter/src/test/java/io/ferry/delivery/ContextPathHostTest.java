package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.wire.FerryEnv;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A host served below a context path and a DispatcherServlet path, with Spring Boot's default security: the URLs
 * the scheduler gives agents and executors (no {@code ferry.advertised-url}) are where the host serves Ferry's
 * endpoints, and Ferry's chain matches them there.
 */
class ContextPathHostTest {

    private static HostApplication host;

    @BeforeAll
    static void start() {
        host = HostApplication.start(new SpringApplicationBuilder(Host.class)
                .properties("server.servlet.context-path=/host-app", "spring.mvc.servlet.path=/mvc"));
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    private static CommandInfo executorCommand() {
        return host.context().getBean(FerryScheduler.class).executorSpec().info().getCommand();
    }

    @Test
    void theExecutorFilesAreWhereAgentsAreSentForThem() throws Exception {
        List<CommandInfo.URI> uris = executorCommand().getUrisList();

        assertThat(uris).hasSize(2);
        for (CommandInfo.URI uri : uris) {
            assertThat(host.get(URI.create(uri.getValue())).statusCode()).as(uri.getValue()).isEqualTo(200);
        }
    }

    @Test
    void classesAreBelowTheAppUrlExecutorsAreGiven() throws Exception {
        String appUrl = executorCommand().getEnvironment().getVariablesList().stream()
                .filter(v -> v.getName().equals(FerryEnv.APP_URL)).map(Environment.Variable::getValue)
                .findFirst().orElseThrow();

        URI classFile = URI.create(appUrl + FerryEnv.CLASSES_PATH + getClass().getName());
        assertThat(host.getWithFrameworkToken(classFile).statusCode()).isEqualTo(200);
    }

    @Test
    void theAppWarmsTheExecutorFilesPathOnceReadyAndAHeadIsNoFetch() throws Exception {
        // The warm-up asks where agents are sent, below the context path and the servlet path.
        assertThat(host.context().getBean(ExecutorFilesWarmUp.class).answered().get(30, TimeUnit.SECONDS))
                .isEqualTo(200);

        String script = executorCommand().getUrisList().stream()
                .filter(u -> u.getOutputFile().equals(ExecutorFilesController.SCRIPT))
                .map(CommandInfo.URI::getValue).findFirst().orElseThrow();
        Counter fetches = host.context().getBean(MeterRegistry.class).get(ExecutorFilesController.FETCHES)
                .tag("file", "script").counter();
        double before = fetches.count();
        HttpURLConnection head = (HttpURLConnection) URI.create(script).toURL().openConnection();
        head.setRequestMethod("HEAD");
        head.setReadTimeout(10_000);
        assertThat(head.getResponseCode()).isEqualTo(200);
        head.disconnect();
        assertThat(fetches.count()).isEqualTo(before);
        assertThat(host.get(URI.create(script)).statusCode()).isEqualTo(200);
        assertThat(fetches.count()).isEqualTo(before + 1);
    }

    /** Not a {@code @SpringBootConfiguration}: the e2e tests find theirs by scanning, and must find only one. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(HostPage.class)
    static class Host {
    }
}
