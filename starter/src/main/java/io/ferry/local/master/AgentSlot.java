package io.ferry.local.master;

import io.ferry.local.protocol.AgentLink;
import io.ferry.local.protocol.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;

/**
 * The master's view of one agent: its total resources, what tasks and executors use, what is on offer, and the
 * executors each framework runs there. Owned by the master's event loop.
 */
final class AgentSlot {

    final AgentID agentId;
    final AgentLink agent;
    final Resources total;
    Resources used = Resources.NONE;
    Resources offered = Resources.NONE;
    /** framework id → executor id → executor; an executor's resources are charged once while it runs (§4). */
    final Map<String, Map<String, MasterExecutor>> executors = new HashMap<>();
    /** False while the agent restarts: it is not offered, and nothing is sent to it. */
    boolean connected = true;
    /** Kills of its tasks asked for while it was away; sent when it reregisters. */
    final List<Kill> pendingKills = new ArrayList<>();

    AgentSlot(AgentLink agent, Resources total) {
        this.agentId = agent.agentId();
        this.agent = agent;
        this.total = total;
    }

    String id() {
        return agentId.getValue();
    }

    Resources free() {
        return total.minus(used).minus(offered);
    }

    MasterExecutor executor(String frameworkId, String executorId) {
        Map<String, MasterExecutor> of = executors.get(frameworkId);
        return of == null ? null : of.get(executorId);
    }

    /** A KILL to deliver once the agent is back. */
    record Kill(FrameworkID frameworkId, TaskID taskId) {
    }

    /** An executor the master believes runs (or is being launched) on this agent. */
    record MasterExecutor(ExecutorInfo info, Resources resources) {
    }
}
