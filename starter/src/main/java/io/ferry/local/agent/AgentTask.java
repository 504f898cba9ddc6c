package io.ferry.local.agent;

import io.ferry.local.protocol.Statuses;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;

/** A task on an agent, from launch until its terminal update is acknowledged. Owned by the agent's loop. */
final class AgentTask {

    final TaskID id;
    /** Null for a task the agent learnt of only from an executor's update; without its data once delivered. */
    TaskInfo info;
    /** The run it was given to; null if it never reached one (a launch that raced with an executor exit). */
    final ExecutorRun run;
    final StatusUpdateStream updates;
    TaskState state = TaskState.TASK_STAGING;
    /** Whether the executor got its LAUNCH (or mentioned it); before that a KILL needs no executor (§2.1). */
    boolean delivered;

    AgentTask(TaskID id, TaskInfo info, ExecutorRun run, StatusUpdateStream updates) {
        this.id = id;
        this.info = info;
        this.run = run;
        this.updates = updates;
    }

    /**
     * The executor has the task, or it will never reach one. The agent reads only the name and the kill policy of
     * its TaskInfo from now on, so the data (the serialized task, up to 16 MiB) goes now rather than with the
     * terminal acknowledgement, which may be long after.
     */
    void markDelivered() {
        delivered = true;
        if (info != null && !info.getData().isEmpty()) {
            info = info.toBuilder().clearData().build();
        }
    }

    boolean live() {
        return !Statuses.isTerminal(state);
    }
}
