package io.ferry.local.master;

import io.ferry.local.protocol.Statuses;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The statuses of reconciliation (docs/mesos-notes.md §8): source MASTER, reason RECONCILIATION, no uuid and no
 * {@code data}; the state is the last one forwarded to the scheduler.
 */
final class ReconciliationStatuses {

    private ReconciliationStatuses() {
    }

    static TaskStatus known(MasterTask task) {
        TaskStatus.Builder status = (task.lastForwarded != null
                ? task.lastForwarded.toBuilder().clearUuid().clearData()
                : TaskStatus.newBuilder().setTaskId(task.id).setState(TaskState.TASK_STAGING)
                        .setAgentId(task.agentId()).setExecutorId(task.executorId))
                .setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                .setMessage("Reconciliation: Latest task state")
                .setTimestamp(Statuses.now());
        return status.build();
    }

    /**
     * A task the master does not know. Agents of a local cluster are always registered, so: agent given and known
     * → GONE, else UNKNOWN; both LOST for frameworks that are not partition-aware.
     */
    static TaskStatus unknown(Framework framework, TaskID taskId, AgentID agentId, Set<String> registeredAgents) {
        boolean agentKnown = agentId != null && registeredAgents.contains(agentId.getValue());
        TaskState state = !framework.partitionAware() ? TaskState.TASK_LOST
                : agentKnown ? TaskState.TASK_GONE : TaskState.TASK_UNKNOWN;
        return Statuses.fromMaster(taskId, state, TaskStatus.Reason.REASON_RECONCILIATION,
                "Reconciliation: Task is unknown" + (agentKnown ? " to the agent" : ""), agentId);
    }
}
