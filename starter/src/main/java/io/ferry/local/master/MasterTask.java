package io.ferry.local.master;

import com.google.protobuf.ByteString;
import io.ferry.local.protocol.Resources;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** The master's view of one task. Owned by the master's event loop. */
final class MasterTask {

    final TaskID id;
    final AgentSlot agent;
    final ExecutorID executorId;
    final Resources resources;
    /** The latest state the agent knows; may be ahead of what was forwarded (one update in flight, §2.5). */
    TaskState state = TaskState.TASK_STAGING;
    /** The last status forwarded to the scheduler, without {@code data}: what reconciliation reports (§8). */
    TaskStatus lastForwarded;
    /** The uuid of the forwarded terminal update; its acknowledgement makes the master forget the task. */
    ByteString terminalUuid;
    private boolean released;

    MasterTask(TaskID id, AgentSlot agent, ExecutorID executorId, Resources resources) {
        this.id = id;
        this.agent = agent;
        this.executorId = executorId;
        this.resources = resources;
    }

    AgentID agentId() {
        return agent.agentId;
    }

    /**
     * Frees the task's resources on its agent and in its framework's share, once: when it is known to be terminal,
     * or forgotten. Returns whether they were freed now.
     */
    boolean release(Framework framework) {
        if (released) {
            return false;
        }
        released = true;
        agent.used = agent.used.minus(resources);
        framework.allocated = framework.allocated.minus(resources);
        return true;
    }

    /** The state reconciliation reports: the last forwarded one, else STAGING. */
    TaskState reportedState() {
        return lastForwarded != null ? lastForwarded.getState() : TaskState.TASK_STAGING;
    }
}
