package io.ferry.local.protocol;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What an agent reports to the master: the messages a Mesos agent sends its master, as calls. Each one only
 * queues work on the master's loop, so an agent's loop never waits for the master. Agents know the master only
 * through this, so that the master and agent packages never depend on each other.
 */
public interface MasterLink {

    /**
     * A status update. {@code latest} is the newest state the agent has stored for the task, which may be ahead
     * of {@code forward} (held back until the previous update is acknowledged, docs/mesos-notes.md §2.5):
     * resources are freed as soon as the agent knows the task is terminal, as with Mesos' {@code latest_state}.
     *
     * @param forward the update to forward to the scheduler, or null if the agent only reports a new state
     */
    void statusUpdate(AgentID agentId, FrameworkID frameworkId, TaskID taskId, TaskState latest, TaskStatus forward);

    /** An executor's process ended (or never started), with its raw wait status if it had one. */
    void executorExited(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, Integer waitStatus);

    /** An executor's MESSAGE call, for its scheduler (unreliable: dropped while the framework is disconnected). */
    void executorMessage(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ByteString data);

    /** The agent process went away: nothing is to be sent to it, and it is not to be offered, until it is back. */
    void agentDisconnected(AgentID agentId);

    /**
     * A restarted agent finished its recovery and reregistered, reporting the tasks and executors it knows.
     *
     * @param tasks     framework id → ids of the tasks the agent knows
     * @param executors framework id → ids of the executors it runs
     */
    void agentReregistered(AgentID agentId, Map<String, Set<String>> tasks, Map<String, Set<String>> executors);
}
