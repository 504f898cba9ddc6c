package io.ferry.local.agent;

import com.google.protobuf.ByteString;
import io.ferry.local.loop.EventLoop;
import io.ferry.local.protocol.MasterLink;
import io.ferry.local.protocol.Statuses;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's tasks, from the master's launch to their acknowledged terminal update (docs/mesos-notes.md §2.5,
 * §3.3, §4): queueing them on executor runs, kills, the executors' updates, and each task's
 * {@link StatusUpdateStream}, which carries its updates to the master while the agent is registered. Owned by the
 * agent's loop.
 */
final class AgentTasks {

    private static final Logger log = LoggerFactory.getLogger(AgentTasks.class);

    private final LocalAgent agent;
    private final AgentSettings settings;
    private final AgentID agentId;
    private final EventLoop loop;
    private final MasterLink master;

    AgentTasks(LocalAgent agent) {
        this.agent = agent;
        this.settings = agent.settings;
        this.agentId = agent.agentId;
        this.loop = agent.loop;
        this.master = agent.master;
    }

    /** See {@link io.ferry.local.protocol.AgentLink#launch}. */
    void launch(FrameworkInfo frameworkInfo, ExecutorInfo executor, boolean newExecutor, List<TaskInfo> tasks,
            boolean group) {
        AgentFramework framework = agent.frameworks.computeIfAbsent(frameworkInfo.getId().getValue(),
                id -> new AgentFramework(frameworkInfo));
        framework.info = frameworkInfo;
        ExecutorRun run = framework.executors.get(executor.getExecutorId().getValue());
        if (!agent.recovery.registered()) {
            // The launch crossed the agent's restart (§4.2): the tasks never reach an executor.
            for (TaskInfo info : tasks) {
                AgentTask task = track(framework, info, null);
                task.markDelivered();
                store(framework, task, Statuses.fromAgent(info.getTaskId(), lostState(frameworkInfo),
                        TaskStatus.Reason.REASON_AGENT_RESTARTED, "Agent restarted", agentId,
                        executor.getExecutorId()));
            }
            return;
        }
        boolean usable = run != null && run.state != ExecutorRun.State.TERMINATING;
        if (newExecutor ? run != null : !usable) {
            // The launch raced with an executor exit (§4): the tasks never reach an executor.
            for (TaskInfo info : tasks) {
                AgentTask task = track(framework, info, null);
                task.markDelivered();
                store(framework, task, Statuses.fromAgent(info.getTaskId(), lostState(frameworkInfo),
                        TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, "Executor terminated", agentId,
                        executor.getExecutorId()));
            }
            return;
        }
        if (run == null) {
            run = agent.lifecycle.start(framework, executor);
        }
        List<AgentTask> launched = new ArrayList<>();
        for (TaskInfo info : tasks) {
            launched.add(track(framework, info, run));
        }
        run.queued.add(new ExecutorRun.Launch(launched, group));
        if (run.state == ExecutorRun.State.RUNNING && run.stream != null) {
            ExecutorLifecycle.flush(run);
        }
    }

    void kill(FrameworkID frameworkId, TaskID taskId) {
        AgentFramework framework = agent.frameworks.get(frameworkId.getValue());
        AgentTask task = framework == null ? null : framework.tasks.get(taskId.getValue());
        if (!agent.recovery.registered() || task == null || !task.live() || task.run == null
                || task.run.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        ExecutorRun run = task.run;
        if (!task.delivered) {
            for (AgentTask killed : run.unqueue(taskId.getValue())) {
                store(framework, killed, Statuses.fromAgent(killed.id, TaskState.TASK_KILLED,
                        TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
                        "Killed before delivery to the executor", agentId, run.info.getExecutorId()));
            }
            if (run.queued.isEmpty() && !run.hasLiveTasks()) {
                agent.lifecycle.shutdown(run); // nothing left to run (§3.5)
            }
            return;
        }
        if (run.stream != null) {
            Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(taskId);
            if (task.info != null && task.info.hasKillPolicy()) {
                kill.setKillPolicy(task.info.getKillPolicy());
            }
            run.stream.send(Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
        }
    }

    void acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid) {
        AgentFramework framework = agent.frameworks.get(frameworkId.getValue());
        AgentTask task = framework == null ? null : framework.tasks.get(taskId.getValue());
        if (!agent.recovery.registered()) {
            return; // lost with the agent's connection; the update is resent when it is back
        }
        if (task != null && task.updates.acknowledge(uuid) && task.updates.finished()) {
            // Forgotten after its terminal acknowledgement; a long-lived executor runs many tasks.
            framework.tasks.remove(taskId.getValue());
            if (task.run != null) {
                task.run.tasks.remove(taskId.getValue());
            }
        }
    }

    /** The framework (re)subscribed: resend every update in flight at once, as Mesos' agent does. */
    void frameworkSubscribed(FrameworkInfo info) {
        AgentFramework framework = agent.frameworks.get(info.getId().getValue());
        if (framework != null) {
            framework.info = info;
            framework.tasks.values().forEach(t -> t.updates.resend());
        }
    }

    /** TEARDOWN or failover timeout: shut down the framework's executors and drop its updates. */
    void shutdownFramework(FrameworkID frameworkId) {
        AgentFramework framework = agent.frameworks.get(frameworkId.getValue());
        if (framework == null) {
            return;
        }
        framework.removed = true;
        framework.tasks.values().forEach(t -> t.updates.close());
        framework.tasks.clear();
        new ArrayList<>(framework.executors.values()).forEach(agent.lifecycle::shutdown);
    }

    /** An executor's UPDATE, validated by the endpoint: store, ACKNOWLEDGED to the executor, forward (§3.3). */
    void update(ExecutorRun run, TaskStatus given) {
        if (given.hasAgentId() && !given.getAgentId().equals(agentId)) {
            log.warn("Dropping an update of task {} for agent {}", given.getTaskId().getValue(),
                    given.getAgentId().getValue()); // what Mesos does, silently (§3.3)
            return;
        }
        AgentFramework framework = agent.frameworks.get(run.frameworkId.getValue());
        if (framework == null || framework.removed) {
            return;
        }
        TaskStatus status = given.hasTimestamp() ? given : given.toBuilder().setTimestamp(Statuses.now()).build();
        AgentTask task = framework.tasks.get(status.getTaskId().getValue());
        if (task == null) {
            task = track(framework, null, run, status.getTaskId());
        }
        run.delivered(task.id.getValue());
        task.markDelivered();
        store(framework, task, status);
        if (run.stream != null) {
            run.stream.send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
                    .setAcknowledged(Event.Acknowledged.newBuilder()
                            .setTaskId(status.getTaskId()).setUuid(status.getUuid()))
                    .build());
        }
    }

    private AgentTask track(AgentFramework framework, TaskInfo info, ExecutorRun run) {
        return track(framework, info, run, info.getTaskId());
    }

    private AgentTask track(AgentFramework framework, TaskInfo info, ExecutorRun run, TaskID taskId) {
        FrameworkID frameworkId = framework.info.getId();
        StatusUpdateStream updates = new StatusUpdateStream(loop, settings.statusUpdateRetryInterval(),
                (forward, latest) -> {
                    if (agent.recovery.registered()) { // else kept, and resent when the agent is registered again
                        master.statusUpdate(agentId, frameworkId, taskId, latest, forward);
                    }
                });
        AgentTask task = new AgentTask(taskId, info, run, updates);
        framework.tasks.put(taskId.getValue(), task);
        if (run != null) {
            run.tasks.put(taskId.getValue(), task);
        }
        return task;
    }

    /** Stores a status in its task's stream, unless the framework is gone; a duplicate changes nothing. */
    static void store(AgentFramework framework, AgentTask task, TaskStatus status) {
        if (framework.removed) {
            return;
        }
        if (task.updates.add(status)) {
            task.state = status.getState();
        }
    }

    static boolean partitionAware(FrameworkInfo info) {
        return info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    /** TASK_LOST, or its partition-aware refinement (§4.1). */
    static TaskState lostState(FrameworkInfo info) {
        return partitionAware(info) ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
    }
}
