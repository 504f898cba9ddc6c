package io.ferry.local;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ferry.wire.MesosHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.AgentID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Mesos cluster: one master and N agents in this JVM that serve the Mesos 1.11 v1 scheduler and
 * executor HTTP APIs, {@code /files} and {@code /state} over real HTTP on 127.0.0.1 (mesos-protocol.md §10), like
 * {@code mesos-local}. Any v1 HTTP framework runs against {@link #masterUrl()} as against a real master; executors
 * are real processes started in real sandboxes below {@link LocalClusterSettings#workDir()}.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir))) {
 *     URI master = cluster.masterUrl(); // POST master.resolve("/api/v1/scheduler")
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops the servers and kills every executor process (bounded).
 *
 * @since 0.1
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    /** Loopback only: the cluster is for one machine. */
    private static final String HOST = "127.0.0.1";
    /** HTTP worker threads shared by all servers; handlers never wait long (calls are queued, then answered). */
    private static final int HTTP_THREADS = 8;

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
    private final URI masterUrl;
    private final List<HttpServer> servers;
    private final List<LocalAgent> localAgents;
    private final List<Agent> agents;
    private final ExecutorService httpThreads;
    private final ExecutorService streamWriters;
    private final ExecutorService launchers;

    private LocalCluster(LocalClusterSettings settings, LocalMaster master, URI masterUrl, List<HttpServer> servers,
            List<LocalAgent> localAgents, List<Agent> agents, ExecutorService httpThreads,
            ExecutorService streamWriters, ExecutorService launchers) {
        this.settings = settings;
        this.master = master;
        this.masterUrl = masterUrl;
        this.servers = servers;
        this.localAgents = localAgents;
        this.agents = agents;
        this.httpThreads = httpThreads;
        this.streamWriters = streamWriters;
        this.launchers = launchers;
    }

    /**
     * Starts a master and {@link LocalClusterSettings#agents()} agents on ephemeral loopback ports.
     *
     * @throws IOException if a server cannot bind or the work directory cannot be created
     */
    public static LocalCluster start(LocalClusterSettings settings) throws IOException {
        Files.createDirectories(settings.workDir());
        ExecutorService httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, daemons("ferry-local-http"));
        ExecutorService streamWriters = Executors.newCachedThreadPool(daemons("ferry-local-stream"));
        ExecutorService launchers = Executors.newCachedThreadPool(daemons("ferry-local-launcher"));
        List<HttpServer> servers = new ArrayList<>();
        List<LocalAgent> localAgents = new ArrayList<>();
        LocalMaster master = new LocalMaster(settings);
        try {
            SchedulerEndpoint scheduler = new SchedulerEndpoint(master, streamWriters);
            HttpServer masterServer = server(httpThreads);
            masterServer.createContext(MesosHttp.SCHEDULER_PATH, scheduler);
            masterServer.createContext("/master" + MesosHttp.SCHEDULER_PATH, scheduler);
            servers.add(masterServer);
            masterServer.start();
            int masterPort = masterServer.getAddress().getPort();
            master.started(HOST, masterPort);

            Fetcher fetcher = new Fetcher();
            Resources total = Resources.of(settings.cpusPerAgent(), settings.memMbPerAgent(),
                    settings.diskMbPerAgent());
            List<Agent> agents = new ArrayList<>();
            for (int i = 0; i < settings.agents(); i++) {
                AgentID agentId = master.nextAgentId();
                HttpServer agentServer = server(httpThreads);
                servers.add(agentServer);
                int port = agentServer.getAddress().getPort();
                FilesEndpoint files = new FilesEndpoint();
                LocalAgent agent = new LocalAgent(settings, agentId, HOST, port, total, master,
                        new ExecutorLauncher(launchers, fetcher, files));
                localAgents.add(agent);
                ExecutorEndpoint executors = new ExecutorEndpoint(agent, streamWriters);
                HttpHandler state = exchange -> {
                    try {
                        Replies.body(exchange);
                        Replies.json(exchange, agent.stateJson());
                    } catch (Exception e) {
                        Replies.text(exchange, 503, "Agent state unavailable: " + e);
                    }
                };
                agentServer.createContext(MesosHttp.EXECUTOR_PATH, executors);
                agentServer.createContext("/slave(1)" + MesosHttp.EXECUTOR_PATH, executors);
                agentServer.createContext("/files/", files);
                agentServer.createContext("/state", state);
                agentServer.createContext("/slave(1)/state", state);
                agentServer.start();
                master.addAgent(agent, total);
                agents.add(new Agent(agentId.getValue(), URI.create("http://" + HOST + ":" + port),
                        settings.workDir().resolve("slaves").resolve(agentId.getValue())));
            }
            URI masterUrl = URI.create("http://" + HOST + ":" + masterPort);
            log.info("Local Mesos cluster up: master {} with {} agent(s), work directory {}", masterUrl,
                    agents.size(), settings.workDir());
            return new LocalCluster(settings, master, masterUrl, servers, localAgents, List.copyOf(agents),
                    httpThreads, streamWriters, launchers);
        } catch (IOException | RuntimeException e) {
            stopAll(master, servers, localAgents, httpThreads, streamWriters, launchers);
            throw e;
        }
    }

    /** The master's base URL, e.g. {@code http://127.0.0.1:41234}; the scheduler API is at {@code /api/v1/scheduler}. */
    public URI masterUrl() {
        return masterUrl;
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

    /** Stops the servers and loops and kills every executor process tree, waiting a few seconds at most. */
    @Override
    public void close() {
        stopAll(master, servers, localAgents, httpThreads, streamWriters, launchers);
        log.info("Local Mesos cluster at {} stopped", masterUrl);
    }

    private static void stopAll(LocalMaster master, List<HttpServer> servers, List<LocalAgent> agents,
            ExecutorService httpThreads, ExecutorService streamWriters, ExecutorService launchers) {
        master.close();
        agents.forEach(LocalAgent::close);
        servers.forEach(s -> s.stop(0));
        launchers.shutdownNow();
        streamWriters.shutdownNow();
        httpThreads.shutdownNow();
        try {
            httpThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpServer server(ExecutorService threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(HOST, 0), 128);
        server.setExecutor(threads);
        return server;
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
