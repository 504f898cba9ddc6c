package io.ferry.local.protocol;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * What the master tells an agent: the messages a Mesos master sends its agents, as calls. Each one only queues
 * work on the agent's loop, so the master's loop never waits for an agent. The master knows its agents only
 * through this, so that the master and agent packages never depend on each other.
 */
public interface AgentLink {

    AgentID agentId();

    /** The host name offers and executors reach the agent at. */
    String hostname();

    int port();

    /**
     * Runs tasks on an executor, launching it first if needed.
     *
     * @param newExecutor whether the master charged the executor's resources, i.e. believes it is not running
     * @param group       whether the tasks are one task group (LAUNCH_GROUP)
     */
    void launch(FrameworkInfo frameworkInfo, ExecutorInfo executor, boolean newExecutor, List<TaskInfo> tasks,
            boolean group);

    void killTask(FrameworkID frameworkId, TaskID taskId);

    void shutdownExecutor(FrameworkID frameworkId, ExecutorID executorId);

    /** A scheduler's MESSAGE for one of the framework's executors. */
    void frameworkMessage(FrameworkID frameworkId, ExecutorID executorId, ByteString data);

    /** A scheduler's ACKNOWLEDGE of a status update. */
    void acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid);

    /** The framework (re)subscribed: resend every update in flight at once, as Mesos' agent does. */
    void frameworkSubscribed(FrameworkInfo info);

    /** TEARDOWN or failover timeout: shut down the framework's executors and drop its updates. */
    void shutdownFramework(FrameworkID frameworkId);
}
