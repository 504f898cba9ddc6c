package io.ferry.executor;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.TaskState;

import java.util.Objects;

/**
 * What {@link TaskRunner} has to say about one task; {@link AgentConnection} turns it into a status update with
 * its uuid, agent id, executor id and timestamp.
 *
 * @param taskId  the task
 * @param state   its new state
 * @param data    {@code TaskStatus.data}: the serialized result or {@code RemoteError}; empty for none
 * @param message {@code TaskStatus.message}, or {@code null}
 */
record TaskUpdate(String taskId, TaskState state, ByteString data, String message) {

    TaskUpdate {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(data, "data");
    }

    boolean terminal() {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
