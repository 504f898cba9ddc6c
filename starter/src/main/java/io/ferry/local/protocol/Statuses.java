package io.ferry.local.protocol;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** Task states and the statuses that the master and agents make up themselves (docs/mesos-notes.md §4.1, §4.2). */
public final class Statuses {

    private Statuses() {
    }

    /** Mesos' {@code isTerminalState}. */
    public static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    /** A master-generated status: source MASTER and never a uuid, so schedulers must not acknowledge it (§2.5). */
    public static TaskStatus fromMaster(TaskID taskId, TaskState state, TaskStatus.Reason reason, String message,
            AgentID agentId) {
        TaskStatus.Builder b = TaskStatus.newBuilder()
                .setTaskId(taskId)
                .setState(state)
                .setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(reason)
                .setMessage(message)
                .setTimestamp(now());
        if (agentId != null) {
            b.setAgentId(agentId);
        }
        return b.build();
    }

    /** An agent-generated status: source AGENT and a fresh uuid, so it is retried until acknowledged (§3.5). */
    public static TaskStatus fromAgent(TaskID taskId, TaskState state, TaskStatus.Reason reason, String message,
            AgentID agentId, ExecutorID executorId) {
        TaskStatus.Builder b = TaskStatus.newBuilder()
                .setTaskId(taskId)
                .setState(state)
                .setSource(TaskStatus.Source.SOURCE_AGENT)
                .setReason(reason)
                .setMessage(message)
                .setAgentId(agentId)
                .setTimestamp(now())
                .setUuid(newUuid());
        if (executorId != null) {
            b.setExecutorId(executorId);
        }
        return b.build();
    }

    public static ByteString newUuid() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return ByteString.copyFrom(bytes.array());
    }

    public static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
