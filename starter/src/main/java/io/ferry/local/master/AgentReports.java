package io.ferry.local.master;

import com.google.protobuf.ByteString;
import io.ferry.local.protocol.Statuses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents report, on the master's loop: status updates and the task bookkeeping they drive, executors that
 * exit, executors' messages, and agents that go away and come back (docs/mesos-notes.md §2.3, §2.5, §3.5). The
 * resources this frees are offered after the step.
 */
final class AgentReports {

    private static final Logger log = LoggerFactory.getLogger(AgentReports.class);

    private final MasterLoop loop;
    private final FrameworkRegistry frameworks;
    private final Map<String, AgentSlot> agents;
    private final OfferBook offers;

    AgentReports(MasterLoop loop, FrameworkRegistry frameworks, Map<String, AgentSlot> agents, OfferBook offers) {
        this.loop = loop;
        this.frameworks = frameworks;
        this.agents = agents;
        this.offers = offers;
    }

    /** See {@link io.ferry.local.protocol.MasterLink#statusUpdate}. */
    void statusUpdate(FrameworkID frameworkId, TaskID taskId, TaskState latest, TaskStatus forward) {
        Framework framework = frameworks.get(frameworkId.getValue());
        if (framework == null) {
            return; // removed; the agent drops its updates when it shuts the framework down
        }
        MasterTask task = framework.tasks.get(taskId.getValue());
        if (task != null) {
            task.state = latest;
            if (Statuses.isTerminal(latest) && task.release(framework)) {
                loop.allocationNeeded();
            }
            if (forward != null) {
                task.lastForwarded = forward.toBuilder().clearData().build();
                if (Statuses.isTerminal(forward.getState())) {
                    task.terminalUuid = forward.getUuid();
                }
            }
        }
        if (forward != null) {
            framework.sendUpdate(forward); // while disconnected: lost here, retried by the agent
        }
    }

    /** An executor's process ended (or never started): free its resources, tell the scheduler (FAILURE, §2.3). */
    void executorExited(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, Integer waitStatus) {
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
            loop.allocationNeeded();
        }
        Event.Failure.Builder failure = Event.Failure.newBuilder().setAgentId(agentId).setExecutorId(executorId);
        if (waitStatus != null) {
            failure.setStatus(waitStatus);
        }
        framework.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(failure).build());
    }

    /** An executor's MESSAGE call, relayed to its scheduler (unreliable: dropped while disconnected). */
    void executorMessage(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        Framework framework = frameworks.get(frameworkId.getValue());
        if (framework != null) {
            framework.send(Event.newBuilder().setType(Event.Type.MESSAGE)
                    .setMessage(Event.Message.newBuilder()
                            .setAgentId(agentId).setExecutorId(executorId).setData(data))
                    .build());
        }
    }

    /** An agent process went away: nothing is sent to it, its offers are rescinded, it gets no more. */
    void agentDisconnected(AgentID agentId) {
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
    }

    /**
     * A restarted agent finished its recovery and reregistered, reporting the tasks and executors it knows. What
     * the master knows on it beyond that is gone (the agent did not checkpoint it): tasks become LOST (DROPPED if
     * partition-aware, source MASTER, no uuid), executors free their resources. Kills sent meanwhile go out now.
     *
     * @param tasks     framework id → ids of the tasks the agent knows
     * @param executors framework id → ids of the executors it runs
     */
    void agentReregistered(AgentID agentId, Map<String, Set<String>> tasks, Map<String, Set<String>> executors) {
        AgentSlot agent = agents.get(agentId.getValue());
        if (agent == null) {
            return;
        }
        for (Framework framework : frameworks.all()) {
            Set<String> known = tasks.getOrDefault(framework.id(), Set.of());
            for (MasterTask task : List.copyOf(framework.tasks.values())) {
                if (task.agent == agent && !known.contains(task.id.getValue())) {
                    task.release(framework);
                    framework.tasks.remove(task.id.getValue());
                    framework.sendUpdate(Statuses.fromMaster(task.id,
                            framework.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
                            TaskStatus.Reason.REASON_AGENT_RESTARTED,
                            "Task is unknown to the agent after its restart", agentId));
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
        loop.allocationNeeded();
        log.info("Agent {} reregistered", agentId.getValue());
    }
}
