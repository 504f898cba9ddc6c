package io.ferry.local.agent;

import io.ferry.local.protocol.EventStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One run (container) of an executor on an agent: its sandbox, process, subscription and tasks. Owned by the
 * agent's loop, except {@link #subscribed}, which HTTP threads read to respond 403 before a SUBSCRIBE (§1.4).
 */
final class ExecutorRun {

    enum State {
        /** Sandbox and fetch in progress; no process yet. */
        LAUNCHING,
        /** Process started, waiting for its SUBSCRIBE. */
        REGISTERING,
        /** Subscribed. */
        RUNNING,
        /** Shutdown requested; waiting for the process to exit (forced after the grace period). */
        TERMINATING,
        TERMINATED
    }

    /** Tasks queued for one LAUNCH or LAUNCH_GROUP event. */
    record Launch(List<AgentTask> tasks, boolean group) {
    }

    final FrameworkID frameworkId;
    final ExecutorInfo info;
    final ContainerID containerId;
    final Sandbox sandbox;
    State state = State.LAUNCHING;
    volatile boolean subscribed;
    Process process;
    EventStream stream;
    ScheduledFuture<?> registrationTimer;
    ScheduledFuture<?> killTimer;
    /** Set when the agent sent SIGKILL, so the FAILURE status is a signal, not an exit code. */
    boolean killed;
    /** The state of its live tasks when it ends; null = TASK_FAILED (§3.5). */
    TaskState terminationState;
    TaskStatus.Reason terminationReason;
    String terminationMessage;
    /** Recovered by a restarted agent and not subscribed again yet (§3.5). */
    boolean recovering;
    /** All tasks of this run the agent still tracks, by id. */
    final Map<String, AgentTask> tasks = new LinkedHashMap<>();
    /** Launches not yet delivered (the executor has not subscribed yet). */
    final ArrayDeque<Launch> queued = new ArrayDeque<>();

    ExecutorRun(FrameworkID frameworkId, ExecutorInfo info, ContainerID containerId, Sandbox sandbox) {
        this.frameworkId = frameworkId;
        this.info = info;
        this.containerId = containerId;
        this.sandbox = sandbox;
    }

    String executorId() {
        return info.getExecutorId().getValue();
    }

    /** Destroys the process tree: descendants first, since the shell may not pass the signal on. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            killed = true;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    void cancelTimers() {
        if (registrationTimer != null) {
            registrationTimer.cancel(false);
        }
        if (killTimer != null) {
            killTimer.cancel(false);
        }
    }

    boolean hasLiveTasks() {
        return tasks.values().stream().anyMatch(AgentTask::live);
    }

    /** Removes a task from the queued launches; a queued task group goes as a whole. Returns the removed tasks. */
    List<AgentTask> unqueue(String taskId) {
        for (Launch launch : queued) {
            if (launch.tasks().stream().anyMatch(t -> t.id.getValue().equals(taskId))) {
                queued.remove(launch);
                return launch.tasks();
            }
        }
        return List.of();
    }

    /** Marks a task delivered (the executor listed it) and drops it from the queued launches. */
    void delivered(String taskId) {
        for (Launch launch : new ArrayList<>(queued)) {
            List<AgentTask> rest = new ArrayList<>(launch.tasks());
            if (rest.removeIf(t -> t.id.getValue().equals(taskId))) {
                queued.remove(launch);
                if (!rest.isEmpty()) {
                    queued.addFirst(new Launch(rest, launch.group()));
                }
            }
        }
        AgentTask task = tasks.get(taskId);
        if (task != null) {
            task.markDelivered();
        }
    }
}
