package io.ferry.autoconfigure;

import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Local mode: no {@code ferry.mesos.master}, so Ferry starts an embedded master and agents that serve the same v1
 * HTTP APIs on loopback. The scheduler only sees a master URL; it cannot tell the difference.
 *
 * <p>An application that defines its own {@link MasterEndpoint} has chosen its master: no cluster is started that
 * nothing would use.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(MasterConfigured.Local.class)
@ConditionalOnMissingBean(MasterEndpoint.class)
class LocalClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LocalClusterConfiguration.class);

    static {
        ProtobufWarning.silence();
    }

    /** The cluster; closed (executors stopped, a temporary work directory removed) when the app stops. */
    @Bean
    RunningLocalCluster ferryLocalCluster(FerryProperties properties) throws IOException {
        FerryProperties.Local local = properties.local();
        boolean temporary = local.workDir() == null;
        Path workDir = temporary ? Files.createTempDirectory("ferry-local-") : local.workDir();
        LocalClusterSettings settings = LocalClusterSettings.defaults(workDir)
                .withAgents(local.agents(), local.cpus(), local.memMb(), 10_240);
        LocalCluster cluster = LocalCluster.start(settings);
        log.info("Local mode: embedded Mesos master at {} with {} agent(s) ({} cpus, {} MiB each), work directory {}",
                cluster.masterUrl(), local.agents(), local.cpus(), local.memMb(), workDir);
        return new RunningLocalCluster(cluster, temporary ? workDir : null);
    }

    @Bean
    MasterEndpoint ferryMasterEndpoint(RunningLocalCluster cluster) {
        return new MasterEndpoint(cluster.cluster().masterUrl(), true);
    }

    /** The cluster and the temporary directory to remove after it. */
    record RunningLocalCluster(LocalCluster cluster, Path temporaryWorkDir) implements AutoCloseable {
        @Override
        public void close() {
            cluster.close();
            if (temporaryWorkDir != null) {
                try (Stream<Path> files = Files.walk(temporaryWorkDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
