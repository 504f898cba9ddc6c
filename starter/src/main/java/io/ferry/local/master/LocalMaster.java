package io.ferry.local.master;

import com.google.protobuf.ByteString;
import io.ferry.local.http.LoopbackHandler;
import io.ferry.local.http.RestartableServer;
import io.ferry.local.loop.EventLoop;
import io.ferry.local.protocol.AgentLink;
import io.ferry.local.protocol.EventStream;
import io.ferry.local.protocol.MasterLink;
import io.ferry.local.protocol.Resources;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local master (docs/mesos-notes.md §2, §5, §8, §10): its identity, its stop and start, its agents, and every
 * way in. Everything runs on one event loop ({@link MasterLoop}); HTTP threads only pre-validate and enqueue (see
 * {@link SchedulerEndpoint}), and agents' reports are queued the same way. The work is done on the loop by the
 * {@link FrameworkRegistry} (subscriptions), {@link SchedulerCalls} (the other calls) and {@link AgentReports};
 * after every step, resources that became available are offered at once.
 */
public final class LocalMaster implements MasterLink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalMaster.class);

    private final String masterId = UUID.randomUUID().toString();
    private final MasterLoop loop;
    private final Map<String, AgentSlot> agents = new LinkedHashMap<>();
    private final OfferBook offers = new OfferBook(masterId);
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-local-master-probes");
        t.setDaemon(true);
        return t;
    });
    private final FrameworkRegistry frameworks;
    private final SchedulerCalls calls;
    private final AgentReports reports;
    private int agentCount;

    /** @param thread the master's loop: on a thread of its own, or one shared with the agents ({@link EventLoop#on}) */
    public LocalMaster(Duration heartbeatInterval, EventLoop thread) {
        this.loop = new MasterLoop(thread, this::offer);
        this.frameworks = new FrameworkRegistry(masterId, heartbeatInterval, loop, offers, agents, probes);
        this.calls = new SchedulerCalls(loop, frameworks, agents, offers);
        this.reports = new AgentReports(loop, frameworks, agents, offers);
    }

    public String masterId() {
        return masterId;
    }

    /** The next agent id, {@code <masterId>-S<n>} (§10). */
    public synchronized AgentID nextAgentId() {
        return AgentID.newBuilder().setValue(masterId + "-S" + agentCount++).build();
    }

    /** The master serves on {@code host:port}: what SUBSCRIBED tells frameworks about it. */
    public void started(String host, int port) {
        MasterInfo.Builder info = MasterInfo.newBuilder()
                .setId(masterId)
                .setIp(ipv4NetworkOrder(host))
                .setPort(port)
                .setHostname(host)
                .setPid("master@" + host + ":" + port)
                .setVersion("1.11.0");
        info.getAddressBuilder().setHostname(host).setIp(host).setPort(port);
        frameworks.masterInfo(info.build());
    }

    /** The handler of {@code POST /api/v1/scheduler} on this master. */
    public LoopbackHandler schedulerEndpoint() {
        return new SchedulerEndpoint(this);
    }

    /** The handler of {@code POST /api/v1/scheduler} on a master that is not the leader ({@link StandbyEndpoint}). */
    public static LoopbackHandler standbyEndpoint(String leaderHost, RestartableServer leader) {
        return new StandbyEndpoint(leaderHost, leader);
    }

    /** Adds an agent; its resources are offered right away. */
    public void addAgent(AgentLink agent, Resources total) {
        loop.post(() -> {
            agents.put(agent.agentId().getValue(), new AgentSlot(agent, total));
            loop.allocationNeeded();
        });
    }

    /**
     * The master goes away ({@code LocalCluster.stopMaster}): every subscription ends, as for a master process that
     * died. Frameworks, tasks and agents stay, as a restarted master recovers them from its registry and from the
     * agents that reregister; failover timers stop, since no master runs them. Call before the HTTP server stops,
     * so that the broken streams are not taken for frameworks that disconnected.
     */
    public CompletableFuture<Void> stop() {
        return loop.call(() -> {
            frameworks.masterStopped();
            log.info("Master {} stopped", masterId);
            return null;
        });
    }

    /**
     * The master is back on its port. Every framework is disconnected without a failover timer, as Mesos 1.11
     * treats frameworks it recovered: they keep their tasks until they resubscribe with their id (§2.2). Agents'
     * status updates that went nowhere meanwhile are resent by the agents when the framework is back.
     */
    public CompletableFuture<Void> start() {
        return loop.call(() -> {
            frameworks.masterStarted();
            loop.allocationNeeded();
            log.info("Master {} started again with {} framework(s)", masterId, frameworks.all().size());
            return null;
        });
    }

    // ---- from HTTP threads (SchedulerEndpoint) ---------------------------------------------------------------

    /** For HTTP threads: the framework's current stream id, "" while disconnected, null if unknown or removed. */
    String streamIdOf(String frameworkId) {
        return frameworks.streamIdOf(frameworkId);
    }

    void subscribe(Call.Subscribe subscribe, EventStream stream, String streamId) {
        loop.postCall(() -> frameworks.subscribe(subscribe.getFrameworkInfo(), subscribe.getSuppressedRolesList(),
                stream, streamId));
    }

    /** A validated call of a subscribed framework (the HTTP thread checked framework and stream id). */
    void handle(Call call) {
        loop.postCall(() -> calls.handle(call));
    }

    /** UPDATE_FRAMEWORK has a synchronous response (200/400), so the HTTP thread waits for the loop (briefly). */
    CompletableFuture<String> updateFramework(Call.UpdateFramework update) {
        CompletableFuture<String> result = new CompletableFuture<>();
        loop.postCall(() -> result.complete(frameworks.update(update)));
        return result;
    }

    // ---- from agents (MasterLink) ------------------------------------------------------------------------------

    @Override
    public void statusUpdate(AgentID agentId, FrameworkID frameworkId, TaskID taskId, TaskState latest,
            TaskStatus forward) {
        loop.post(() -> reports.statusUpdate(frameworkId, taskId, latest, forward));
    }

    @Override
    public void executorExited(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, Integer waitStatus) {
        loop.post(() -> reports.executorExited(agentId, frameworkId, executorId, waitStatus));
    }

    @Override
    public void executorMessage(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        loop.post(() -> reports.executorMessage(agentId, frameworkId, executorId, data));
    }

    @Override
    public void agentDisconnected(AgentID agentId) {
        loop.post(() -> reports.agentDisconnected(agentId));
    }

    @Override
    public void agentReregistered(AgentID agentId, Map<String, Set<String>> tasks,
            Map<String, Set<String>> executors) {
        loop.post(() -> reports.agentReregistered(agentId, tasks, executors));
    }

    // ---- offers ---------------------------------------------------------------------------------------------

    /** The allocation itself, run by the loop when it is due: one OFFERS event per framework offered anything. */
    private void offer() {
        offers.allocate(frameworks.all(), agents.values()).forEach((framework, list) -> framework.send(
                Event.newBuilder().setType(Event.Type.OFFERS)
                        .setOffers(Event.Offers.newBuilder().addAllOffers(list)).build()));
    }

    /** {@code MasterInfo.ip}: the IPv4 address as a uint32 in network byte order, read as a host integer. */
    private static int ipv4NetworkOrder(String dotted) {
        String[] parts = dotted.split("\\.");
        int ip = 0;
        for (int i = 3; i >= 0; i--) {
            ip = (ip << 8) | Integer.parseInt(parts[i]);
        }
        return ip;
    }

    @Override
    public void close() {
        probes.shutdownNow();
        CompletableFuture<Void> closed = loop.call(() -> {
            frameworks.closeStreams();
            return null;
        });
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Closing the master's streams", e);
        }
        loop.close();
    }
}
