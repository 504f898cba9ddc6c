package io.ferry.scheduler;

import io.ferry.wire.ExecutorHello;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * message told and until a FAILURE says it exited; the runs newer ones replaced, a few; and how many task attempts
 * went into each run. Executors of an older configuration are shut down once idle. Owned by the loop thread;
 * others read the {@link ExecutorPlace}s it publishes.
 */
final class ExecutorDirectory {

    private static final Logger log = LoggerFactory.getLogger(ExecutorDirectory.class);
    /** Runs kept after a newer one on their agent replaced them: their sandboxes still tell why they ended. */
    static final int PREVIOUS_RUNS = 20;

    private final Map<String, ExecutorPlace> byAgent = new HashMap<>();
    /** Newest first, at most {@link #PREVIOUS_RUNS}. */
    private final Deque<ExecutorPlace> previous = new ArrayDeque<>();
    /**
     * Task attempts launched on an agent (key agent/executor id) whose executor has not said hello yet: they belong
     * to the run that will, so it takes them over, counted and as their {@link AttemptPlace}.
     */
    private final Map<String, List<Pending>> notYetStarted = new HashMap<>();
    /** A launch changed a run's count since the last publish. */
    private boolean countsChanged;
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

    /** An attempt launched into a run that has not said hello yet. */
    private record Pending(TaskRecord record, int attempt) {
    }

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
            Instant now = Instant.now();
            List<Pending> launched = notYetStarted.remove(hello.agentId() + "/" + hello.executorId());
            ExecutorPlace place = new ExecutorPlace(hello.executorId(), hello.agentId(), hello.agentEndpoint(),
                    hello.directory(), hello.pid(), now, null, null, launched == null ? 0 : launched.size(), null);
            if (launched != null) {
                tookOver(launched, place);
            }
            ExecutorPlace before = byAgent.put(hello.agentId(), place);
            if (before != null) {
                previous.addFirst(before.replaced(now));
                if (previous.size() > PREVIOUS_RUNS) {
                    previous.removeLast();
                }
            }
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
        String executorId = failure.getExecutorId().getValue();
        ExecutorPlace place = byAgent.get(agent);
        if (place != null && place.running() && place.executorId().equals(executorId)) {
            byAgent.put(agent, place.exited(failure.hasStatus() ? failure.getStatus() : null, Instant.now()));
            publish();
        } else {
            // A run that never said hello ended: the attempts launched into it ended with it.
            notYetStarted.remove(agent + "/" + executorId);
        }
    }

    /** A FAILURE without an executor: the master removed the agent, and its executors with it. */
    void agentRemoved(String agentId) {
        log.warn("Agent {} was removed", agentId);
        notYetStarted.keySet().removeIf(key -> key.startsWith(agentId + "/"));
        ExecutorPlace place = byAgent.get(agentId);
        if (place != null && place.running()) {
            byAgent.put(agentId, place.exited(null, Instant.now()));
            publish();
        }
    }

    /** The run of {@code executorId} on {@code agentId} that runs now as far as we know, or null. */
    ExecutorPlace runningOn(String agentId, String executorId) {
        ExecutorPlace place = byAgent.get(agentId);
        return place != null && place.running() && place.executorId().equals(executorId) ? place : null;
    }

    /**
     * The current attempts of {@code tasks} went to {@code executorId} on {@code agentId}: counted for {@code run},
     * the run there that {@link #runningOn} gave, or, when it gave none, for the run that will start, which also
     * becomes their place when it says hello. Once per agent and packing round; published after the batch.
     */
    void launched(String agentId, String executorId, ExecutorPlace run, List<TaskRecord> tasks) {
        if (run != null && byAgent.get(agentId) == run) {
            byAgent.put(agentId, run.launched(tasks.size()));
            countsChanged = true;
        } else {
            List<Pending> pending = notYetStarted.computeIfAbsent(agentId + "/" + executorId, k -> new ArrayList<>());
            for (TaskRecord r : tasks) {
                pending.add(new Pending(r, r.attempts));
            }
        }
    }

    /** The attempts launched before {@code run} said hello ran in it: their output is in its sandbox. */
    private void tookOver(List<Pending> launched, ExecutorPlace run) {
        for (Pending p : launched) {
            AttemptPlace place = p.record().placeOf(p.attempt());
            if (place != null && !place.runKnown()) {
                p.record().ranIn(place.in(run));
                registry.republish(p.record());
            }
        }
    }

    /** After each batch of the loop: publishes the launch counts if a launch changed them. */
    void afterBatch() {
        if (countsChanged) {
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
        countsChanged = false;
        state.set(state.get().withExecutors(List.copyOf(byAgent.values()), List.copyOf(previous)));
    }
}
