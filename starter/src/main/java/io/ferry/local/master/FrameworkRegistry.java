package io.ferry.local.master;

import io.ferry.local.protocol.EventStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's frameworks: subscription and resubscription, disconnection and its failover timer, UPDATE_FRAMEWORK,
 * and removal (docs/mesos-notes.md §2.1, §2.2, §2.4). Owned by the master's loop, except the table of stream ids,
 * which HTTP threads read.
 */
final class FrameworkRegistry {

    private static final Logger log = LoggerFactory.getLogger(FrameworkRegistry.class);
    private static final Event HEARTBEAT = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();

    private final String masterId;
    private final Duration heartbeatInterval;
    private final MasterLoop loop;
    private final OfferBook offers;
    private final Map<String, AgentSlot> agents;
    /** Ticks of the subscription streams' probing heartbeats ({@link EventStream#heartbeat}); they only queue work. */
    private final ScheduledExecutorService probes;
    private final Map<String, Framework> frameworks = new LinkedHashMap<>();
    private final Set<String> removedFrameworks = new HashSet<>();
    /** Published for HTTP threads: framework id → current stream id, "" while disconnected; absent if unknown. */
    private final ConcurrentHashMap<String, String> streamIds = new ConcurrentHashMap<>();
    private volatile MasterInfo masterInfo;
    /** Between the master's stop and start: the HTTP server is gone, every framework is disconnected. */
    private boolean down;
    private int frameworkCount;

    FrameworkRegistry(String masterId, Duration heartbeatInterval, MasterLoop loop, OfferBook offers,
            Map<String, AgentSlot> agents, ScheduledExecutorService probes) {
        this.masterId = masterId;
        this.heartbeatInterval = heartbeatInterval;
        this.loop = loop;
        this.offers = offers;
        this.agents = agents;
        this.probes = probes;
    }

    /** What SUBSCRIBED tells about the master; set once its port is known, before any SUBSCRIBE. */
    void masterInfo(MasterInfo info) {
        masterInfo = info;
    }

    /** For HTTP threads: the framework's current stream id, "" while disconnected, null if unknown or removed. */
    String streamIdOf(String frameworkId) {
        return streamIds.get(frameworkId);
    }

    /** The framework with that id, or null if unknown or removed. */
    Framework get(String frameworkId) {
        return frameworks.get(frameworkId);
    }

    /** Every framework the master knows, connected or not, in subscription order. */
    Collection<Framework> all() {
        return frameworks.values();
    }

    void subscribe(FrameworkInfo info, List<String> suppressedRoles, EventStream stream, String streamId) {
        if (down) {
            stream.close(); // a SUBSCRIBE that raced with stopMaster(): its connection is going anyway
            return;
        }
        String problem = validate(info);
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
            if (offers.removeAll(framework)) {
                loop.allocationNeeded();
            }
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
        stream.onBroken(() -> loop.post(() -> disconnected(subscribed, stream)));
        streamIds.put(framework.id(), streamId);
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder()
                        .setFrameworkId(framework.id)
                        .setHeartbeatIntervalSeconds(heartbeatInterval.toMillis() / 1000.0)
                        .setMasterInfo(masterInfo))
                .build());
        stream.send(HEARTBEAT);
        stream.heartbeat(HEARTBEAT, heartbeatInterval, probes);
        for (AgentSlot agent : agents.values()) {
            agent.agent.frameworkSubscribed(framework.info);
        }
        loop.allocationNeeded();
        log.info("Framework {} ({}) subscribed", framework.id(), info.getName());
    }

    /** UPDATE_FRAMEWORK: returns the problem that gets a 400 response, or null. */
    String update(Call.UpdateFramework update) {
        FrameworkInfo info = update.getFrameworkInfo();
        Framework framework = frameworks.get(info.getId().getValue());
        if (framework == null) {
            return "Framework cannot be found";
        }
        FrameworkInfo old = framework.info;
        String problem = validate(info);
        if (problem == null && (!old.getUser().equals(info.getUser())
                || old.getCheckpoint() != info.getCheckpoint()
                || !old.getPrincipal().equals(info.getPrincipal()))) {
            problem = "'FrameworkInfo.user', 'checkpoint' and 'principal' cannot be changed";
        }
        if (problem != null) {
            return problem;
        }
        framework.info = info;
        framework.suppressed = update.getSuppressedRolesList().contains(framework.role());
        loop.allocationNeeded();
        return null;
    }

    private static String validate(FrameworkInfo info) {
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
        if (offers.removeAll(framework)) {
            loop.allocationNeeded();
        }
        double timeout = framework.info.getFailoverTimeout();
        log.info("Framework {} disconnected; failover timeout {}s", framework.id(), timeout);
        if (timeout <= 0) {
            remove(framework);
        } else {
            framework.failoverTimer = loop.schedule(() -> loop.post(() -> {
                if (!framework.connected() && frameworks.get(framework.id()) == framework) {
                    log.info("Framework {} did not resubscribe within its failover timeout", framework.id());
                    remove(framework);
                }
            }), Duration.ofNanos((long) Math.min(timeout * 1e9, Long.MAX_VALUE / 2.0)));
        }
    }

    /** TEARDOWN or failover timeout: forget the framework, shut down its executors everywhere (§2.1, §2.4). */
    void remove(Framework framework) {
        if (framework.stream != null) {
            framework.stream.close();
            framework.stream = null;
        }
        if (framework.failoverTimer != null) {
            framework.failoverTimer.cancel(false);
        }
        offers.removeAll(framework);
        for (MasterTask task : framework.tasks.values()) {
            task.release(framework);
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
        loop.allocationNeeded();
        log.info("Framework {} removed", framework.id());
    }

    /**
     * The master went away: every framework is disconnected, without a failover timer, since no master runs them.
     * Frameworks stay, as a restarted master recovers them.
     */
    void masterStopped() {
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
    }

    /** The master is back: frameworks can subscribe again. */
    void masterStarted() {
        down = false;
    }

    /** Ends every open subscription (the cluster closes). */
    void closeStreams() {
        for (Framework f : frameworks.values()) {
            if (f.stream != null) {
                f.stream.close();
            }
        }
    }
}
