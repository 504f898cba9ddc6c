package io.ferry.autoconfigure;

import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.workdir.LocalWorkDir;
import java.io.IOException;
import java.util.List;
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

    /**
     * The cluster, in a work directory that the app's death does not leave behind: a temporary one is removed at a
     * clean stop but for the sandboxes of failed executors, and any start removes those of runs that are gone
     * ({@link LocalWorkDir}). The executors' {@code MESOS_RECOVERY_TIMEOUT} is short, so that they end within
     * seconds when the app dies with its embedded agents (see
     * {@link LocalClusterSettings#IN_PROCESS_EXECUTOR_RECOVERY_TIMEOUT} for why that is safe here).
     */
    @Bean
    RunningLocalCluster ferryLocalCluster(FerryProperties properties) throws IOException {
        FerryProperties.Local local = properties.local();
        LocalWorkDir workDir = LocalWorkDir.open(local.workDir());
        LocalClusterSettings settings = LocalClusterSettings.defaults(workDir.path())
                .withAgents(local.agents(), local.cpus(), local.memMb(), 10_240)
                .withExecutorRecoveryTimeout(LocalClusterSettings.IN_PROCESS_EXECUTOR_RECOVERY_TIMEOUT);
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(settings);
        } catch (IOException | RuntimeException e) {
            workDir.close(List.of());
            throw e;
        }
        log.info("Local mode: embedded Mesos master at {} with {} agent(s) ({} cpus, {} MiB each), work directory {}",
                cluster.masterUrl(), local.agents(), local.cpus(), local.memMb(), workDir.path());
        return new RunningLocalCluster(cluster, workDir);
    }

    @Bean
    MasterEndpoint ferryMasterEndpoint(RunningLocalCluster cluster) {
        return new MasterEndpoint(cluster.cluster().masterUrl(), true);
    }

    /** The cluster and its work directory, cleaned up after it. */
    record RunningLocalCluster(LocalCluster cluster, LocalWorkDir workDir) implements AutoCloseable {
        @Override
        public void close() {
            try {
                cluster.close();
            } finally {
                // After the close: the failed runs are known, and no executor writes into its sandbox any more.
                workDir.close(cluster.failedExecutorSandboxes());
            }
        }
    }
}
