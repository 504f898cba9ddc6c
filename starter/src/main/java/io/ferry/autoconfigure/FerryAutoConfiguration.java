package io.ferry.autoconfigure;

import io.ferry.api.FerryExecutorService;
import io.ferry.api.TaskService;
import io.ferry.delivery.ExecutorJar;
import io.ferry.delivery.FrameworkToken;
import io.ferry.scheduler.Backoff;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.FrameworkIdStore;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.scheduler.SchedulerSettings;
import io.ferry.task.TaskOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Ferry's engine in any Spring Boot application: the scheduler (a {@code SmartLifecycle} bean), {@link TaskService}
 * and its {@code ExecutorService} adapter, and the master they talk to — the embedded local cluster unless
 * {@code ferry.mesos.master} names a real one. Configured by {@link FerryProperties} ({@code ferry.*}).
 *
 * <p>Every bean an application could want its own of backs off when the application defines one. Bean names start
 * with {@code ferry}: an application's own {@code taskService} or {@code masterEndpoint}, of a type of its own, would
 * otherwise collide with Ferry's, and Spring Boot refuses to override a bean definition.
 *
 * @since 0.1
 */
@AutoConfiguration
@EnableConfigurationProperties(FerryProperties.class)
@Import({LocalClusterConfiguration.class, RemoteMasterConfiguration.class})
public class FerryAutoConfiguration {

    static {
        ProtobufWarning.silence();
    }

    @Bean
    @ConditionalOnMissingBean
    FrameworkToken ferryFrameworkToken(FerryProperties properties, Environment env) {
        String token = properties.executor().token();
        if (token == null || token.isBlank()) {
            return FrameworkToken.random();
        }
        FerryPropertiesRules.checkToken(new ConfiguredValues(env), token);
        return new FrameworkToken(token);
    }

    @Bean
    @ConditionalOnMissingBean
    SchedulerMetrics ferrySchedulerMetrics(MeterRegistry registry) {
        return new SchedulerMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    FerryScheduler ferryScheduler(FerryProperties p, MasterEndpoint master, FrameworkToken token, Environment env,
                                  SchedulerMetrics metrics, ApplicationContext context) {
        // ConfigurationCheck has checked every property before the context; these are the checks of the values
        // this method uses, for contexts started without SpringApplication (which alone runs that check).
        Urls.httpUrl("ferry.advertised-url", p.advertisedUrl());
        FerryPropertiesRules.checkMaxResultSize(new ConfiguredValues(env), p.executor().maxResultSize());
        String user = p.mesos().user() == null || p.mesos().user().isBlank()
                ? System.getProperty("user.name") : p.mesos().user();
        String java = p.executor().java();
        if ((java == null || java.isBlank()) && master.local()) {
            // The embedded agents run on this machine: the JVM running the app is there for certain.
            java = ProcessHandle.current().info().command().orElse(null);
        }
        SchedulerSettings settings = new SchedulerSettings(
                appUrl -> FrameworkInfo.newBuilder()
                        .setUser(user)
                        .setName(p.mesos().frameworkName())
                        .setRole(p.mesos().role())
                        .setCheckpoint(true)
                        .setFailoverTimeout(p.mesos().failoverTimeout().toMillis() / 1000.0)
                        .setWebuiUrl(appUrl.toString())
                        .addCapabilities(FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
                        .addCapabilities(FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
                        .build(),
                p.mesos().principal(),
                p.mesos().secret(),
                SchedulerSettings.executorSettings(p.executor().cpus(), p.executor().memMb(), java,
                        p.executor().javaOpts(), p.executor().threads(), p.executor().maxResultSize().toBytes(),
                        token.value(), p.executor().shutdownGrace(), p.executor().cdsDir(),
                        p.executor().cdsDir() == null || p.executor().cdsDir().isBlank() ? null
                                : ExecutorJar.digest(context.getClassLoader())),
                p.queue().capacity(),
                maxBytesInFlight(p.scheduler(), Runtime.getRuntime().maxMemory()),
                p.history().size(),
                Duration.ofSeconds(2),
                p.mesos().declineRefuse(),
                5,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(15)),
                p.mesos().teardownOnStop(),
                master.local() ? FrameworkIdStore.none() : FrameworkIdStore.in(p.mesos().stateDir()),
                // Results are the application's classes: the loader that loaded its beans (not the starter's own,
                // which differs under devtools' restart class loader).
                context.getClassLoader());
        return new FerryScheduler(settings, master::url, () -> appUrl(p, master, env), metrics);
    }

    /** {@code ferry.scheduler.max-bytes-in-flight}, checked, or its default for a JVM of at most {@code maxHeap}. */
    static long maxBytesInFlight(FerryProperties.Scheduler scheduler, long maxHeap) {
        DataSize configured = scheduler.maxBytesInFlight();
        if (configured == null) {
            return Math.max(1, maxHeap / 64);
        }
        if (configured.toBytes() <= 0) {
            throw new InvalidConfigurationException("ferry.scheduler.max-bytes-in-flight", configured.toString(),
                    "must be positive");
        }
        return configured.toBytes();
    }

    /**
     * The URL agents use to reach this app: configured, or built from the host name, the server's port and the
     * paths the host serves its controllers below (servlet context path, DispatcherServlet path), since Ferry's
     * endpoints are served there too.
     */
    static URI appUrl(FerryProperties p, MasterEndpoint master, Environment env) {
        if (p.advertisedUrl() != null) {
            return p.advertisedUrl();
        }
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String host = master.local() ? "127.0.0.1" : hostName();
        String path = pathPrefix(env.getProperty("server.servlet.context-path"))
                + pathPrefix(env.getProperty("spring.mvc.servlet.path"));
        return URI.create("http://" + host + ":" + port + path);
    }

    /** A path as a prefix to put before Ferry's paths: "" for the root, else a leading '/' and no trailing one. */
    static String pathPrefix(String path) {
        String trimmed = path == null ? "" : path.trim().replaceAll("/+$", "");
        return trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }

    /** This host's name, the host of the default advertised URL in remote mode. */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new InvalidConfigurationException("ferry.advertised-url",
                    "is not set and this host's name cannot be resolved (" + e.getMessage() + "); set it to the URL"
                            + " agents use to reach this app");
        }
    }

    @Bean
    @ConditionalOnMissingBean
    TaskService ferryTaskService(FerryScheduler scheduler, FerryProperties p) {
        FerryProperties.TaskDefaults t = p.task();
        return new TaskService(scheduler, new TaskOptions(t.cpus(), t.memMb(), t.timeout(), t.maxRetries(), t.name(),
                Map.of()));
    }

    /**
     * {@link TaskService} as a {@code java.util.concurrent.ExecutorService}, with the default options. Not a default
     * candidate for injection by type, so that an application's own {@code ExecutorService} stays the one it gets;
     * ask for this one by name: {@code @Qualifier("ferryExecutorService") ExecutorService}.
     */
    @Bean(defaultCandidate = false)
    @Qualifier("ferryExecutorService")
    @ConditionalOnMissingBean(name = "ferryExecutorService")
    FerryExecutorService ferryExecutorService(TaskService tasks) {
        return tasks.executorService();
    }
}
