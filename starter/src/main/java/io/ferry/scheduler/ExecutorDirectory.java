package io.ferry.scheduler;

import io.ferry.wire.ExecutorHello;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's executor: what it is (the {@link ExecutorSpec} of this run) and where it runs on each agent, as its hello
 * message told and until a FAILURE says it exited. Executors of an older configuration are shut down once idle.
 * Owned by the loop thread; others read the {@link ExecutorPlace}s it publishes.
 */
final class ExecutorDirectory {

    private static final Logger log = LoggerFactory.getLogger(ExecutorDirectory.class);

    private final Map<String, ExecutorPlace> byAgent = new HashMap<>();
    /** agent/executor ids a SHUTDOWN went to, so that each is sent once. */
    private final Set<String> shutdownSent = new HashSet<>();
    private final TaskRegistry registry;
    private final MasterSession session;
    private final PublishedState state;
    /** Set once at start, before the loop runs; read by other threads for the dashboard and tests. */
    private volatile ExecutorSpec spec;
    /**
     * {@link ExecutorSpec#info()} with our framework id, which the master would otherwise fill in by copying the
     * ExecutorInfo of every task.
     */
    private ExecutorInfo info;

    ExecutorDirectory(TaskRegistry registry, MasterSession session, PublishedState state) {
        this.registry = registry;
        this.session = session;
        this.state = state;
    }

    void use(ExecutorSpec spec) {
        this.spec = spec;
    }

    ExecutorSpec spec() {
        return spec;
    }

    /** The ExecutorInfo every TaskInfo of this framework carries. */
    ExecutorInfo info(FrameworkID frameworkId) {
        if (info == null || !info.getFrameworkId().equals(frameworkId)) {
            info = spec.info().toBuilder().setFrameworkId(frameworkId).build();
        }
        return info;
    }

    /** The executor on {@code agentId} as it last told us, or null. */
    ExecutorPlace on(String agentId) {
        return byAgent.get(agentId);
    }

    /**
     * A MESSAGE event: an executor's hello says where it runs and where its sandbox is.
     *
     * @return the hello, or null if the message was something else
     */
    ExecutorHello hello(Event.Message message) {
        try {
            ExecutorHello hello = ExecutorHello.parse(message.getData().toByteArray());
            ExecutorPlace place = new ExecutorPlace(hello.executorId(), hello.agentId(), hello.agentEndpoint(),
                    hello.directory(), hello.pid(), Instant.now(), null, null);
            byAgent.put(hello.agentId(), place);
            publish();
            log.info("Executor {} runs on agent {} ({}), sandbox {}", hello.executorId(), hello.agentId(),
                    hello.agentEndpoint(), hello.directory());
            return hello;
        } catch (IllegalArgumentException e) {
            log.debug("Ignoring a message from executor {}: {}", message.getExecutorId().getValue(), e.getMessage());
            return null;
        }
    }

    /**
     * A FAILURE event of an executor: its place is marked exited. How it ended is logged by {@code ExecutorDeaths},
     * with the end of its stderr.
     */
    void failed(Event.Failure failure) {
        String agent = failure.getAgentId().getValue();
        ExecutorPlace place = byAgent.get(agent);
        if (place != null && place.running() && place.executorId().equals(failure.getExecutorId().getValue())) {
            byAgent.put(agent, place.exited(failure.hasStatus() ? failure.getStatus() : null));
            publish();
        }
    }

    /** A FAILURE without an executor: the master removed the agent, and its executors with it. */
    void agentRemoved(String agentId) {
        log.warn("Agent {} was removed", agentId);
        ExecutorPlace place = byAgent.get(agentId);
        if (place != null && place.running()) {
            byAgent.put(agentId, place.exited(null));
            publish();
        }
    }

    /** Executors of ours with another id run an older configuration: once idle they only hold resources. */
    void shutdownIfStale(Offer offer) {
        String agentId = offer.getAgentId().getValue();
        for (ExecutorID id : offer.getExecutorIdsList()) {
            String key = agentId + "/" + id.getValue();
            if (!id.getValue().equals(spec.executorId()) && id.getValue().startsWith("ferry-")
                    && !hasLiveTaskOn(agentId, id.getValue()) && shutdownSent.add(key)) {
                log.info("Shutting down executor {} on agent {}: it runs an older configuration", id.getValue(),
                        agentId);
                session.shutdown(id, offer.getAgentId());
            }
        }
    }

    private boolean hasLiveTaskOn(String agentId, String executorId) {
        for (TaskRecord r : registry.live()) {
            if (agentId.equals(r.agentId) && executorId.equals(r.executorId) && registry.byMesosId(r.mesosTaskId) == r) {
                return true;
            }
        }
        return false;
    }

    private void publish() {
        state.set(state.get().withExecutors(List.copyOf(byAgent.values())));
    }
}
