package io.ferry.local;

import io.ferry.local.agent.FailedSandbox;
import io.ferry.local.agent.Fetcher;
import io.ferry.local.agent.LocalAgent;
import io.ferry.local.http.HttpLimits;
import io.ferry.local.http.LoopbackHandler;
import io.ferry.local.http.LoopbackServerGroup;
import io.ferry.local.http.RestartableServer;
import io.ferry.local.loop.EventLoop;
import io.ferry.local.master.LocalMaster;
import io.ferry.local.protocol.Resources;
import io.ferry.wire.MesosHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Mesos cluster: one master and N agents in this JVM that serve the Mesos 1.11 v1 scheduler and
 * executor HTTP APIs, {@code /files} and {@code /state} over real HTTP on 127.0.0.1 (docs/mesos-notes.md §10), like
 * {@code mesos-local}. Any v1 HTTP framework runs against {@link #masterUrl()} as against a real master; executors
 * are real processes started in real sandboxes below {@link LocalClusterSettings#workDir()}.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir))) {
 *     URI master = cluster.masterUrl(); // POST master.resolve("/api/v1/scheduler")
 * }
 * }</pre>
 *
 * <p><b>Faults.</b> Tests of fault tolerance can restart an agent ({@link #restartAgent}, or {@link #stopAgent}
 * and {@link #startAgent}) while its executors keep running, take the master away and bring it back
 * ({@link #stopMaster}, {@link #startMaster}), and talk to a master that is not the leader
 * ({@link #standbyMasterUrl()}). Every one goes through the same HTTP endpoints, on the same ports, as before.
 *
 * <p>Thread-safe. {@link #close()} stops the servers and kills every executor process (bounded).
 *
 * @since 0.1
 */
public final class LocalCluster implements AutoCloseable {

    /** At most this many sandboxes of failed executors are listed by {@link #failedExecutorSandboxes()}. */
    public static final int FAILED_SANDBOXES = 10;
    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    /** Loopback only: the cluster is for one machine. */
    private static final String HOST = "127.0.0.1";
    private static final long STEP_SECONDS = 10;

    /**
     * One agent of the cluster.
     *
     * @param id      the agent id ({@code <masterId>-S<n>})
     * @param url     its base URL ({@code /api/v1/executor}, {@code /files/*}, {@code /state} below it)
     * @param workDir its directory below the cluster's work directory ({@code <workDir>/slaves/<id>})
     */
    public record Agent(String id, URI url, Path workDir) {
    }

    private final LocalClusterSettings settings;
    private final LocalMaster master;
    private final RestartableServer masterServer;
    private final RestartableServer standbyServer;
    private final URI masterUrl;
    private final List<RestartableServer> agentServers;
    private final List<LocalAgent> localAgents;
    private final List<Agent> agents;
    private final ExecutorService launchers;
    private final LoopbackServerGroup httpThreads;

    private LocalCluster(LocalClusterSettings settings, LocalMaster master, RestartableServer masterServer,
            RestartableServer standbyServer, List<RestartableServer> agentServers, List<LocalAgent> localAgents,
            List<Agent> agents, LoopbackServerGroup httpThreads, ExecutorService launchers) {
        this.settings = settings;
        this.master = master;
        this.masterServer = masterServer;
        this.standbyServer = standbyServer;
        this.masterUrl = URI.create("http://" + HOST + ":" + masterServer.port());
        this.agentServers = agentServers;
        this.localAgents = localAgents;
        this.agents = agents;
        this.httpThreads = httpThreads;
        this.launchers = launchers;
    }

    /**
     * Starts a master, a standby master and {@link LocalClusterSettings#agents()} agents on ephemeral loopback
     * ports.
     *
     * @throws IOException if a server cannot bind or the work directory cannot be created
     */
    public static LocalCluster start(LocalClusterSettings settings) throws IOException {
        Files.createDirectories(settings.workDir());
        // One set of HTTP threads for every server of the cluster: master, standby and agents.
        LoopbackServerGroup httpThreads = new LoopbackServerGroup(HttpLimits.DEFAULTS);
        ExecutorService launchers = Executors.newCachedThreadPool(daemons("ferry-local-launcher"));
        List<RestartableServer> servers = new ArrayList<>();
        List<LocalAgent> localAgents = new ArrayList<>();
        // The master and the agents run on the thread that serves their connections (LoopbackServerGroup).
        LocalMaster master = new LocalMaster(settings.heartbeatInterval(), sharedLoop(httpThreads));
        try {
            LoopbackHandler scheduler = master.schedulerEndpoint();
            RestartableServer masterServer = RestartableServer.start(httpThreads, HOST, Map.of(
                    MesosHttp.SCHEDULER_PATH, scheduler,
                    "/master" + MesosHttp.SCHEDULER_PATH, scheduler));
            servers.add(masterServer);
            master.started(HOST, masterServer.port());
            LoopbackHandler standby = LocalMaster.standbyEndpoint(HOST, masterServer);
            RestartableServer standbyServer = RestartableServer.start(httpThreads, HOST, Map.of(
                    MesosHttp.SCHEDULER_PATH, standby,
                    "/master" + MesosHttp.SCHEDULER_PATH, standby));
            servers.add(standbyServer);

            Fetcher fetcher = new Fetcher();
            Resources total = Resources.of(settings.cpusPerAgent(), settings.memMbPerAgent(),
                    settings.diskMbPerAgent());
            List<Agent> agents = new ArrayList<>();
            List<RestartableServer> agentServers = new ArrayList<>();
            for (int i = 0; i < settings.agents(); i++) {
                LocalAgent agent = LocalAgent.start(settings.agent(), master.nextAgentId(), HOST, total, master, fetcher,
                        launchers, httpThreads, sharedLoop(httpThreads));
                servers.add(agent.server());
                agentServers.add(agent.server());
                localAgents.add(agent);
                master.addAgent(agent, total);
                String agentId = agent.agentId().getValue();
                agents.add(new Agent(agentId, URI.create("http://" + HOST + ":" + agent.port()),
                        settings.workDir().resolve("slaves").resolve(agentId)));
            }
            LocalCluster cluster = new LocalCluster(settings, master, masterServer, standbyServer,
                    List.copyOf(agentServers), localAgents, List.copyOf(agents), httpThreads, launchers);
            log.info("Local Mesos cluster up: master {} with {} agent(s), work directory {}", cluster.masterUrl,
                    agents.size(), settings.workDir());
            return cluster;
        } catch (IOException | RuntimeException e) {
            stopAll(master, servers, localAgents, httpThreads, launchers);
            throw e;
        }
    }

    /** The master's base URL, e.g. {@code http://127.0.0.1:41234}; the scheduler API is at {@code /api/v1/scheduler}. */
    public URI masterUrl() {
        return masterUrl;
    }

    /**
     * The base URL of a master that is not the leader: every {@code POST /api/v1/scheduler} there gets the response
     * {@code 307 Temporary Redirect} with {@code Location: //127.0.0.1:<leader port>/api/v1/scheduler}
     * (protocol-relative, as Mesos writes it), or 503 while the leader is stopped ({@link #stopMaster()}).
     *
     * @since 0.2
     */
    public URI standbyMasterUrl() {
        return URI.create("http://" + HOST + ":" + standbyServer.port());
    }

    /** The master's id (a UUID); framework, agent and offer ids start with it. */
    public String masterId() {
        return master.masterId();
    }

    public List<Agent> agents() {
        return agents;
    }

    public LocalClusterSettings settings() {
        return settings;
    }

    /**
     * Takes the master away, as when its process dies: every subscription stream breaks and connections to
     * {@link #masterUrl()} are refused until {@link #startMaster()}. The master keeps its state (frameworks,
     * tasks, agents, like a master recovering from its registry), runs no failover timers while away, and
     * agents keep their status updates until the frameworks are back. Does nothing if it is stopped already.
     *
     * @since 0.2
     */
    public void stopMaster() {
        if (!masterServer.running()) {
            return;
        }
        await(master.stop(), "stop the master");
        masterServer.stop();
    }

    /**
     * Brings the master back on the same port. Frameworks are disconnected and resubscribe with their framework
     * id (SUBSCRIBE with {@code framework_info.id}); they get a new {@code Mesos-Stream-Id}, and the agents resend
     * every status update not acknowledged yet. A framework that never comes back keeps its tasks (Mesos 1.11
     * runs no failover timer for frameworks it recovered). Returns once the master accepts connections.
     *
     * @throws IOException if the port cannot be bound again (10 s of retries)
     * @since 0.2
     */
    public void startMaster() throws IOException {
        if (masterServer.running()) {
            return;
        }
        await(master.start(), "start the master");
        masterServer.start();
    }

    /**
     * Restarts agent {@code index} ({@code --recover=reconnect}): {@link #stopAgent} then {@link #startAgent}.
     *
     * @since 0.2
     */
    public void restartAgent(int index) throws IOException {
        stopAgent(index);
        startAgent(index);
    }

    /**
     * Takes agent {@code index} away, as when its process dies: its executor streams break and connections to it
     * are refused, while its executor processes keep running (those of frameworks without {@code checkpoint} are
     * killed, as a restarted Mesos agent kills what it did not checkpoint). The master rescinds its offers and
     * sends it nothing until it is back. Does nothing if it is stopped already.
     *
     * @since 0.2
     */
    public void stopAgent(int index) {
        if (!agentServers.get(index).running()) {
            return;
        }
        await(localAgents.get(index).crash(), "stop agent " + index);
        agentServers.get(index).stop();
    }

    /**
     * Brings agent {@code index} back on the same port with the same agent id; returns once it accepts
     * connections. Its executors then have {@link LocalClusterSettings#executorReregistrationTimeout()} to
     * SUBSCRIBE again (checkpointing executors retry by themselves, §3.5) with their unacknowledged tasks and
     * updates; calls other than SUBSCRIBE get 503 until every executor is back or the timeout passed. Executors
     * still away are then killed and their live tasks become TASK_LOST (TASK_GONE for PARTITION_AWARE frameworks)
     * with REASON_EXECUTOR_REREGISTRATION_TIMEOUT; a task that had reached an executor but is still STAGING and
     * not listed by it becomes TASK_LOST (TASK_DROPPED) with REASON_AGENT_RESTARTED. Then the agent reregisters:
     * it is offered again and resends every status update not acknowledged yet.
     *
     * @throws IOException if the port cannot be bound again (10 s of retries)
     * @since 0.2
     */
    public void startAgent(int index) throws IOException {
        RestartableServer server = agentServers.get(index);
        if (server.running()) {
            return;
        }
        server.start();
        localAgents.get(index).recover();
    }

    /**
     * The sandboxes of the cluster's most recent failed executor runs, newest first, at most
     * {@value #FAILED_SANDBOXES}: runs whose process ended other than with exit code 0 (a signal included), or that
     * never ran or never subscribed (again). The executors {@link #close()} kills are not among them. Worth keeping
     * past the cluster's life: their {@code stderr} says why they failed.
     *
     * @since 0.2
     */
    public List<Path> failedExecutorSandboxes() {
        return localAgents.stream()
                .flatMap(agent -> agent.failedSandboxes().stream())
                .sorted(Comparator.comparing(FailedSandbox::ended).reversed())
                .limit(FAILED_SANDBOXES)
                .map(FailedSandbox::directory)
                .toList();
    }

    private static void await(CompletableFuture<?> step, String what) {
        try {
            step.get(STEP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not " + what + " within " + STEP_SECONDS + " s", e);
        }
    }

    /** Stops the servers and loops and kills every executor process tree, waiting a few seconds at most. */
    @Override
    public void close() {
        List<RestartableServer> servers = new ArrayList<>();
        servers.add(masterServer);
        servers.add(standbyServer);
        servers.addAll(agentServers);
        stopAll(master, servers, localAgents, httpThreads, launchers);
        log.info("Local Mesos cluster at {} stopped", masterUrl);
    }

    private static void stopAll(LocalMaster master, List<RestartableServer> servers, List<LocalAgent> agents,
            LoopbackServerGroup httpThreads, ExecutorService launchers) {
        master.close();
        agents.forEach(LocalAgent::close);
        servers.forEach(RestartableServer::stop);
        httpThreads.close();
        launchers.shutdownNow();
    }

    private static EventLoop sharedLoop(LoopbackServerGroup httpThreads) {
        return EventLoop.on(httpThreads.sharedThread(), httpThreads::inSharedThread);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
