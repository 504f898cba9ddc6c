package io.ferry.local.master;

import com.google.protobuf.ByteString;
import io.ferry.local.AgentLink;
import io.ferry.local.EventLoop;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.MasterLink;
import io.ferry.local.Resources;
import io.ferry.local.Statuses;
import io.ferry.local.http.LoopbackHandler;
import io.ferry.local.http.RestartableServer;
import io.ferry.local.protocol.EventStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local master's state and the handling of scheduler calls and agent reports (docs/mesos-notes.md §2, §5, §8,
 * §10). Everything runs on one event loop; HTTP threads only pre-validate and enqueue (see
 * {@link SchedulerEndpoint}). After every step, resources that became available are offered at once: there is no
 * periodic allocation tick.
 */
public final class LocalMaster implements MasterLink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalMaster.class);
    private static final Event HEARTBEAT = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    private static final int MAX_DEFERRED_STEPS = 64;
    /** §5: refuse_seconds above a year are cut to a year. */
    private static final double MAX_REFUSE_SECONDS = 365 * 24 * 3600.0;

    private final LocalClusterSettings settings;
    private final String masterId = UUID.randomUUID().toString();
    private final EventLoop loop = new EventLoop("ferry-local-master");
    private final Map<String, Framework> frameworks = new LinkedHashMap<>();
    private final Set<String> removedFrameworks = new HashSet<>();
    private final Map<String, AgentSlot> agents = new LinkedHashMap<>();
    private final OfferBook offers = new OfferBook(masterId);
    /** Ticks of the subscription streams' probing heartbeats ({@link EventStream#heartbeat}); they only queue work. */
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-local-master-probes");
        t.setDaemon(true);
        return t;
    });
    /** Published for HTTP threads: framework id → current stream id, "" while disconnected; absent if unknown. */
    private final ConcurrentHashMap<String, String> streamIds = new ConcurrentHashMap<>();
    private volatile MasterInfo masterInfo;
    /** Between {@link #stop()} and {@link #start()}: the HTTP server is gone, every framework is disconnected. */
    private boolean down;
    private int frameworkCount;
    private int agentCount;
    private boolean allocationNeeded;
    private int deferredSteps;

    public LocalMaster(LocalClusterSettings settings) {
        this.settings = settings;
    }

    public String masterId() {
        return masterId;
    }

    /** The next agent id, {@code <masterId>-S<n>} (§10). */
    public synchronized AgentID nextAgentId() {
        return AgentID.newBuilder().setValue(masterId + "-S" + agentCount++).build();
    }

    public void started(String host, int port) {
        MasterInfo.Builder info = MasterInfo.newBuilder()
                .setId(masterId)
                .setIp(ipv4NetworkOrder(host))
                .setPort(port)
                .setHostname(host)
                .setPid("master@" + host + ":" + port)
                .setVersion("1.11.0");
        info.getAddressBuilder().setHostname(host).setIp(host).setPort(port);
        masterInfo = info.build();
    }

    /** The handler of {@code POST /api/v1/scheduler} on this master. */
    public LoopbackHandler schedulerEndpoint(Executor streamWriters) {
        return new SchedulerEndpoint(this, streamWriters);
    }

    /** The handler of {@code POST /api/v1/scheduler} on a master that is not the leader: see {@link StandbyEndpoint}. */
    public static LoopbackHandler standbyEndpoint(String leaderHost, RestartableServer leader) {
        return new StandbyEndpoint(leaderHost, leader);
    }

    /** Adds an agent; its resources are offered right away. */
    public void addAgent(AgentLink agent, Resources total) {
        post(() -> {
            agents.put(agent.agentId().getValue(), new AgentSlot(agent, total));
            allocationNeeded = true;
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
            down = true;
            for (Framework framework : frameworks.values()) {
                framework.stream = null; // the server's stop breaks the connection itself
                streamIds.put(framework.id(), "");
                if (framework.failoverTimer != null) {
                    framework.failoverTimer.cancel(false);
                    framework.failoverTimer = null;
                }
                offers.removeAll(framework); // void without RESCIND (§5)
            }
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
            down = false;
            allocationNeeded = true;
            log.info("Master {} started again with {} framework(s)", masterId, frameworks.size());
            return null;
        });
    }

    // ---- agents going away and coming back (LocalCluster.restartAgent) ----------------------------------------

    /** An agent process went away: nothing is sent to it, its offers are rescinded, it gets no more. */
    @Override
    public void agentDisconnected(AgentID agentId) {
        post(() -> {
            AgentSlot agent = agents.get(agentId.getValue());
            if (agent == null || !agent.connected) {
                return;
            }
            agent.connected = false;
            for (OutstandingOffer offer : offers.onAgent(agent)) {
                offers.remove(offer);
                offer.framework().send(Event.newBuilder().setType(Event.Type.RESCIND)
                        .setRescind(Event.Rescind.newBuilder().setOfferId(offer.offer().getId())).build());
            }
            log.info("Agent {} disconnected", agentId.getValue());
        });
    }

    /**
     * A restarted agent finished its recovery and reregistered, reporting the tasks and executors it knows. What
     * the master knows on it beyond that is gone (the agent did not checkpoint it): tasks become LOST (DROPPED if
     * partition-aware, source MASTER, no uuid), executors free their resources. Kills sent meanwhile go out now.
     *
     * @param tasks     framework id → ids of the tasks the agent knows
     * @param executors framework id → ids of the executors it runs
     */
    @Override
    public void agentReregistered(AgentID agentId, Map<String, Set<String>> tasks, Map<String, Set<String>> executors) {
        post(() -> {
            AgentSlot agent = agents.get(agentId.getValue());
            if (agent == null) {
                return;
            }
            for (Framework framework : frameworks.values()) {
                Set<String> known = tasks.getOrDefault(framework.id(), Set.of());
                for (MasterTask task : List.copyOf(framework.tasks.values())) {
                    if (task.agent == agent && !known.contains(task.id.getValue())) {
                        release(framework, task);
                        framework.tasks.remove(task.id.getValue());
                        framework.send(update(Statuses.fromMaster(task.id,
                                framework.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
                                TaskStatus.Reason.REASON_AGENT_RESTARTED,
                                "Task is unknown to the agent after its restart", agentId)));
                    }
                }
                Map<String, AgentSlot.MasterExecutor> onAgent = agent.executors.get(framework.id());
                if (onAgent != null) {
                    Set<String> running = executors.getOrDefault(framework.id(), Set.of());
                    for (String executorId : List.copyOf(onAgent.keySet())) {
                        if (!running.contains(executorId)) {
                            AgentSlot.MasterExecutor gone = onAgent.remove(executorId);
                            agent.used = agent.used.minus(gone.resources());
                            framework.allocated = framework.allocated.minus(gone.resources());
                        }
                    }
                }
            }
            agent.connected = true;
            for (AgentSlot.Kill kill : agent.pendingKills) {
                agent.agent.killTask(kill.frameworkId(), kill.taskId());
            }
            agent.pendingKills.clear();
            allocationNeeded = true;
            log.info("Agent {} reregistered", agentId.getValue());
        });
    }

    /** For HTTP threads: the framework's current stream id, "" while disconnected, null if unknown or removed. */
    String streamIdOf(String frameworkId) {
        return streamIds.get(frameworkId);
    }

    /**
     * Runs {@code step} on the loop, then offers whatever became available, without waiting for a tick. When more
     * work is already queued (a burst of status updates), the allocation waits for the end of the burst, at most
     * {@link #MAX_DEFERRED_STEPS} steps: fewer, larger offers for the same latency. Scheduler calls allocate
     * first, so a call always sees the offers of everything that happened before it.
     */
    private void post(Runnable step) {
        loop.execute(() -> {
            step.run();
            if (allocationNeeded && (!loop.hasReadyWork() || ++deferredSteps >= MAX_DEFERRED_STEPS)) {
                allocate();
            }
        });
    }

    /** As {@link #post}, for a scheduler call: pending offers go out before the call is handled. */
    private void postCall(Runnable step) {
        post(() -> {
            if (allocationNeeded) {
                allocate();
            }
            step.run();
        });
    }

    // ---- subscription -------------------------------------------------------------------------------------

    void subscribe(Call.Subscribe subscribe, EventStream stream, String streamId) {
        postCall(() -> doSubscribe(subscribe.getFrameworkInfo(), subscribe.getSuppressedRolesList(), stream, streamId));
    }

    private void doSubscribe(FrameworkInfo info, List<String> suppressedRoles, EventStream stream, String streamId) {
        if (down) {
            stream.close(); // a SUBSCRIBE that raced with stopMaster(): its connection is going anyway
            return;
        }
        String problem = validateFrameworkInfo(info);
        if (problem != null) {
            refuse(stream, problem);
            return;
        }
        Framework framework;
        if (info.hasId() && !info.getId().getValue().isEmpty()) {
            String id = info.getId().getValue();
            if (removedFrameworks.contains(id)) {
                refuse(stream, "Framework has been removed");
                return;
            }
            framework = frameworks.get(id);
            if (framework == null) {
                // A real master adopts unknown ids after a master failover; this master never fails over, so
                // an unknown id can only be a mistake (or a stale id from an earlier local cluster).
                refuse(stream, "Framework " + id + " is unknown to this master; subscribe without an id");
                return;
            }
            if (framework.stream != null) {
                framework.stream.send(error("Framework failed over"));
                framework.stream.close();
            }
            if (framework.failoverTimer != null) {
                framework.failoverTimer.cancel(false);
                framework.failoverTimer = null;
            }
            // Outstanding offers are void after a resubscribe, without RESCIND (§2.2, §5).
            allocationNeeded |= offers.removeAll(framework);
            framework.info = info;
        } else {
            FrameworkID id = FrameworkID.newBuilder()
                    .setValue(masterId + "-" + String.format("%04d", frameworkCount++)).build();
            framework = new Framework(id, info.toBuilder().setId(id).build());
            frameworks.put(id.getValue(), framework);
        }
        framework.suppressed = suppressedRoles.contains(framework.role());
        framework.stream = stream;
        framework.streamId = streamId;
        Framework subscribed = framework;
        stream.onBroken(() -> post(() -> disconnected(subscribed, stream)));
        streamIds.put(framework.id(), streamId);
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder()
                        .setFrameworkId(framework.id)
                        .setHeartbeatIntervalSeconds(settings.heartbeatInterval().toMillis() / 1000.0)
                        .setMasterInfo(masterInfo))
                .build());
        stream.send(HEARTBEAT);
        stream.heartbeat(HEARTBEAT, settings.heartbeatInterval(), probes);
        for (AgentSlot agent : agents.values()) {
            agent.agent.frameworkSubscribed(framework.info);
        }
        allocationNeeded = true;
        log.info("Framework {} ({}) subscribed", framework.id(), info.getName());
    }

    private static String validateFrameworkInfo(FrameworkInfo info) {
        boolean multiRole = info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (!multiRole && info.getRolesCount() > 0) {
            return "'FrameworkInfo.roles' is set but the MULTI_ROLE capability is not";
        }
        if (multiRole && info.hasRole()) {
            return "'FrameworkInfo.role' must not be set with the MULTI_ROLE capability";
        }
        return null;
    }

    /** An invalid SUBSCRIBE still gets 200, then one ERROR event, then the end of the stream (§1.4). */
    private static void refuse(EventStream stream, String message) {
        stream.send(error(message));
        stream.close();
    }

    private static Event error(String message) {
        return Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage(message)).build();
    }

    private void disconnected(Framework framework, EventStream stream) {
        if (framework.stream != stream) {
            return; // an older stream of a framework that failed over
        }
        framework.stream = null;
        streamIds.put(framework.id(), "");
        allocationNeeded |= offers.removeAll(framework);
        double timeout = framework.info.getFailoverTimeout();
        log.info("Framework {} disconnected; failover timeout {}s", framework.id(), timeout);
        if (timeout <= 0) {
            removeFramework(framework);
        } else {
            framework.failoverTimer = loop.schedule(() -> post(() -> {
                if (!framework.connected() && frameworks.get(framework.id()) == framework) {
                    log.info("Framework {} did not resubscribe within its failover timeout", framework.id());
                    removeFramework(framework);
                }
            }), Duration.ofNanos((long) Math.min(timeout * 1e9, Long.MAX_VALUE / 2.0)));
        }
    }

    /** TEARDOWN or failover timeout: forget the framework, shut down its executors everywhere (§2.1, §2.4). */
    private void removeFramework(Framework framework) {
        if (framework.stream != null) {
            framework.stream.close();
            framework.stream = null;
        }
        if (framework.failoverTimer != null) {
            framework.failoverTimer.cancel(false);
        }
        offers.removeAll(framework);
        for (MasterTask task : framework.tasks.values()) {
            release(framework, task);
        }
        framework.tasks.clear();
        for (AgentSlot agent : agents.values()) {
            Map<String, AgentSlot.MasterExecutor> executors = agent.executors.remove(framework.id());
            if (executors != null) {
                for (AgentSlot.MasterExecutor executor : executors.values()) {
                    agent.used = agent.used.minus(executor.resources());
                }
            }
            agent.agent.shutdownFramework(framework.id);
        }
        frameworks.remove(framework.id());
        removedFrameworks.add(framework.id());
        streamIds.remove(framework.id());
        allocationNeeded = true;
        log.info("Framework {} removed", framework.id());
    }

    // ---- calls ----------------------------------------------------------------------------------------------

    /** A validated call of a subscribed framework (the HTTP thread checked framework and stream id). */
    void handle(Call call) {
        postCall(() -> {
            Framework framework = frameworks.get(call.getFrameworkId().getValue());
            if (framework == null || !framework.connected()) {
                return; // disconnected or removed since the HTTP thread looked
            }
            dispatch(framework, call);
        });
    }

    private void dispatch(Framework framework, Call call) {
        switch (call.getType()) {
            case TEARDOWN -> removeFramework(framework);
            case ACCEPT -> accept(framework, call.getAccept());
            case DECLINE -> decline(framework, call.getDecline().getOfferIdsList(), call.getDecline().getFilters());
            case REVIVE -> revive(framework, call.getRevive().getRolesList());
            case SUPPRESS -> {
                List<String> roles = call.getSuppress().getRolesList();
                if (roles.isEmpty() || roles.contains(framework.role())) {
                    framework.suppressed = true;
                }
            }
            case KILL -> kill(framework, call.getKill());
            case SHUTDOWN -> {
                AgentSlot agent = agents.get(call.getShutdown().getAgentId().getValue());
                if (agent != null && agent.connected) { // else dropped, as by Mesos
                    agent.agent.shutdownExecutor(framework.id, call.getShutdown().getExecutorId());
                }
            }
            case ACKNOWLEDGE -> acknowledge(framework, call.getAcknowledge());
            case RECONCILE -> reconcile(framework, call.getReconcile());
            case MESSAGE -> {
                AgentSlot agent = agents.get(call.getMessage().getAgentId().getValue());
                if (agent != null && agent.connected) { // unreliable: dropped while the agent is away
                    agent.agent.frameworkMessage(framework.id, call.getMessage().getExecutorId(),
                            call.getMessage().getData());
                }
            }
            // No inverse offers, no operations with ids, and REQUEST is ignored by Mesos' own allocator (§2.1).
            default -> log.debug("Ignoring {} call of framework {}", call.getType(), framework.id());
        }
    }

    private void revive(Framework framework, List<String> roles) {
        if (roles.isEmpty() || roles.contains(framework.role())) {
            framework.suppressed = false;
            framework.filters.clear();
            allocationNeeded = true;
        }
    }

    private void decline(Framework framework, List<OfferID> offerIds, Filters filters) {
        for (OfferID id : offerIds) {
            OutstandingOffer offer = offers.get(id.getValue());
            if (offer != null && offer.framework() == framework) {
                removeOffer(offer);
                addFilter(framework, offer.agent(), offer.resources(), filters);
            }
        }
    }

    private void addFilter(Framework framework, AgentSlot agent, Resources resources,
            Filters filters) {
        double seconds = filters.getRefuseSeconds(); // unset reads as the proto default, 5.0
        if (seconds < 0) {
            seconds = 5; // §5: negative → default
        }
        if (seconds == 0 || resources.isEmpty()) {
            return;
        }
        seconds = Math.min(seconds, MAX_REFUSE_SECONDS);
        Duration duration = Duration.ofNanos((long) (seconds * 1e9));
        framework.filters.add(new OfferFilter(agent.id(), resources, System.nanoTime() + duration.toNanos()));
        // Expiry needs a timer, not a tick: re-run the allocation when the filter lapses.
        loop.schedule(() -> post(() -> allocationNeeded = true), duration);
    }

    private void accept(Framework framework, Call.Accept accept) {
        OfferAcceptance.Result result = OfferAcceptance.apply(framework, accept, offers);
        if (result != null) {
            // Unused resources are declined with the call's filters (§5).
            addFilter(framework, result.agent(), result.unused(), accept.getFilters());
        }
        allocationNeeded = true;
    }

    private void kill(Framework framework, Call.Kill kill) {
        MasterTask task = framework.tasks.get(kill.getTaskId().getValue());
        if (task == null) {
            // §2.1 (code): an unknown task gets an explicit reconciliation status.
            framework.send(update(ReconciliationStatuses.unknown(framework, kill.getTaskId(),
                    kill.hasAgentId() ? kill.getAgentId() : null, agents.keySet())));
            return;
        }
        if (task.agent.connected) {
            task.agent.agent.killTask(framework.id, task.id);
        } else {
            // Mesos keeps kills for a disconnected agent and sends them when it reregisters.
            task.agent.pendingKills.add(new AgentSlot.Kill(framework.id, task.id));
        }
    }

    private void acknowledge(Framework framework, Call.Acknowledge ack) {
        AgentSlot agent = agents.get(ack.getAgentId().getValue());
        if (agent != null && !agent.connected) {
            // Dropped, as by Mesos: the agent resends the update once it is back, and it is acknowledged then.
            return;
        }
        MasterTask task = framework.tasks.get(ack.getTaskId().getValue());
        if (task != null && ack.getUuid().equals(task.terminalUuid)) {
            framework.tasks.remove(task.id.getValue()); // forgotten after its terminal ACK (§2.5)
        }
        if (agent != null) {
            agent.agent.acknowledge(framework.id, ack.getTaskId(), ack.getUuid());
        }
    }

    private void reconcile(Framework framework, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (MasterTask task : framework.tasks.values()) {
                framework.send(update(ReconciliationStatuses.known(task)));
            }
            return;
        }
        for (Call.Reconcile.Task t : reconcile.getTasksList()) {
            MasterTask task = framework.tasks.get(t.getTaskId().getValue());
            framework.send(update(task != null ? ReconciliationStatuses.known(task)
                    : ReconciliationStatuses.unknown(framework, t.getTaskId(), t.hasAgentId() ? t.getAgentId() : null,
                            agents.keySet())));
        }
    }

    /** UPDATE_FRAMEWORK has a synchronous response (200/400), so the HTTP thread waits for the loop (briefly). */
    CompletableFuture<String> updateFramework(Call.UpdateFramework update) {
        CompletableFuture<String> result = new CompletableFuture<>();
        postCall(() -> {
            FrameworkInfo info = update.getFrameworkInfo();
            Framework framework = frameworks.get(info.getId().getValue());
            if (framework == null) {
                result.complete("Framework cannot be found");
                return;
            }
            FrameworkInfo old = framework.info;
            String problem = validateFrameworkInfo(info);
            if (problem == null && (!old.getUser().equals(info.getUser())
                    || old.getCheckpoint() != info.getCheckpoint()
                    || !old.getPrincipal().equals(info.getPrincipal()))) {
                problem = "'FrameworkInfo.user', 'checkpoint' and 'principal' cannot be changed";
            }
            if (problem != null) {
                result.complete(problem);
                return;
            }
            framework.info = info;
            framework.suppressed = update.getSuppressedRolesList().contains(framework.role());
            allocationNeeded = true;
            result.complete(null);
        });
        return result;
    }

    // ---- reports from agents ----------------------------------------------------------------------------------

    /**
     * A status update from an agent. {@code latest} is the newest state the agent has stored for the task, which
     * may be ahead of {@code forward} (held back until the previous update is acknowledged, §2.5): resources are
     * freed as soon as the agent knows the task is terminal, as with Mesos' {@code latest_state}.
     *
     * @param forward the update to forward to the scheduler, or null if the agent only reports a new state
     */
    @Override
    public void statusUpdate(AgentID agentId, FrameworkID frameworkId, TaskID taskId, TaskState latest, TaskStatus forward) {
        post(() -> {
            Framework framework = frameworks.get(frameworkId.getValue());
            if (framework == null) {
                return; // removed; the agent drops its updates when it shuts the framework down
            }
            MasterTask task = framework.tasks.get(taskId.getValue());
            if (task != null) {
                task.state = latest;
                if (Statuses.isTerminal(latest)) {
                    release(framework, task);
                }
                if (forward != null) {
                    task.lastForwarded = forward.toBuilder().clearData().build();
                    if (Statuses.isTerminal(forward.getState())) {
                        task.terminalUuid = forward.getUuid();
                    }
                }
            }
            if (forward != null) {
                framework.send(update(forward)); // while disconnected: lost here, retried by the agent
            }
        });
    }

    private void release(Framework framework, MasterTask task) {
        if (!task.released) {
            task.released = true;
            task.agent.used = task.agent.used.minus(task.resources);
            framework.allocated = framework.allocated.minus(task.resources);
            allocationNeeded = true;
        }
    }

    /** An executor's process ended (or never started): free its resources, tell the scheduler (FAILURE, §2.3). */
    @Override
    public void executorExited(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, Integer waitStatus) {
        post(() -> {
            AgentSlot agent = agents.get(agentId.getValue());
            Framework framework = frameworks.get(frameworkId.getValue());
            if (agent == null || framework == null) {
                return;
            }
            Map<String, AgentSlot.MasterExecutor> executors = agent.executors.get(frameworkId.getValue());
            AgentSlot.MasterExecutor executor = executors == null ? null : executors.remove(executorId.getValue());
            if (executor != null) {
                agent.used = agent.used.minus(executor.resources());
                framework.allocated = framework.allocated.minus(executor.resources());
                allocationNeeded = true;
            }
            Event.Failure.Builder failure = Event.Failure.newBuilder().setAgentId(agentId).setExecutorId(executorId);
            if (waitStatus != null) {
                failure.setStatus(waitStatus);
            }
            framework.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(failure).build());
        });
    }

    /** An executor's MESSAGE call, relayed to its scheduler (unreliable: dropped while disconnected). */
    @Override
    public void executorMessage(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        post(() -> {
            Framework framework = frameworks.get(frameworkId.getValue());
            if (framework != null) {
                framework.send(Event.newBuilder().setType(Event.Type.MESSAGE)
                        .setMessage(Event.Message.newBuilder()
                                .setAgentId(agentId).setExecutorId(executorId).setData(data))
                        .build());
            }
        });
    }

    // ---- offers ---------------------------------------------------------------------------------------------

    private void allocate() {
        allocationNeeded = false;
        deferredSteps = 0;
        offers.allocate(frameworks.values(), agents.values()).forEach((framework, list) -> framework.send(
                Event.newBuilder().setType(Event.Type.OFFERS)
                        .setOffers(Event.Offers.newBuilder().addAllOffers(list)).build()));
    }

    private void removeOffer(OutstandingOffer offer) {
        if (offers.remove(offer)) {
            allocationNeeded = true;
        }
    }

    static Event update(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build();
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
            for (Framework f : frameworks.values()) {
                if (f.stream != null) {
                    f.stream.close();
                }
            }
            return null;
        });
        try {
            closed.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Closing the master's streams", e);
        }
        loop.close();
    }
}
