package io.ferry.local.agent;

import com.google.protobuf.ByteString;
import io.ferry.local.loop.EventLoop;
import io.ferry.local.protocol.EventStream;
import io.ferry.local.protocol.Statuses;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor runs of an agent, from launch to exit (docs/mesos-notes.md §3, §6): the sandbox and the process
 * (started off the loop by the {@link ExecutorLauncher}), the registration timeout, SUBSCRIBE and the launches it
 * delivers, SHUTDOWN and its grace period, and the end of a run, which fails its live tasks and tells the master.
 * Owned by the agent's loop.
 */
final class ExecutorLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExecutorLifecycle.class);
    private static final Event SHUTDOWN = Event.newBuilder().setType(Event.Type.SHUTDOWN).build();
    /** SIGKILL: the raw wait status of a process the agent killed. */
    static final int SIGKILL = 9;

    private final LocalAgent agent;
    private final AgentSettings settings;
    private final EventLoop loop;
    private final ExecutorLauncher launcher;

    ExecutorLifecycle(LocalAgent agent, ExecutorLauncher launcher) {
        this.agent = agent;
        this.settings = agent.settings;
        this.loop = agent.loop;
        this.launcher = launcher;
    }

    /** Starts a run of {@code executor}: its sandbox, fetch and process go on off the loop and report back. */
    ExecutorRun start(AgentFramework framework, ExecutorInfo executor) {
        ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();
        Sandbox sandbox = Sandbox.of(settings.workDir(), agent.agentId.getValue(), framework.info.getId().getValue(),
                executor.getExecutorId().getValue(), containerId.getValue());
        ExecutorRun run = new ExecutorRun(framework.info.getId(), executor, containerId, sandbox);
        framework.executors.put(run.executorId(), run);
        agent.publish(run);
        // The registration timer starts with the launch, so fetching counts (§3.5).
        run.registrationTimer = loop.schedule(() -> registrationTimedOut(run),
                settings.executorRegistrationTimeout());
        Map<String, String> env = ExecutorEnvironment.of(framework.info, executor, agent.agentId.getValue(),
                agent.endpoint(), sandbox.directory(), settings);
        launcher.launch(run, env, process -> loop.execute(() -> launched(run, process)),
                reason -> loop.execute(() -> launchFailed(run, reason)));
        return run;
    }

    private void launched(ExecutorRun run, Process process) {
        run.process = process;
        process.onExit().whenComplete((p, e) -> loop.execute(() -> processExited(run)));
        if (run.state == ExecutorRun.State.LAUNCHING) {
            run.state = ExecutorRun.State.REGISTERING;
        } else if (run.state == ExecutorRun.State.TERMINATED) {
            run.kill(); // shut down or timed out while fetching; already reported
        }
    }

    private void launchFailed(ExecutorRun run, String message) {
        log.warn("Failed to launch executor {}: {}", run.executorId(), message);
        if (run.terminationReason == null) {
            run.terminationReason = TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED;
            run.terminationMessage = "Failed to launch container: " + message;
        }
        terminated(run, null);
    }

    private void registrationTimedOut(ExecutorRun run) {
        if (run.state != ExecutorRun.State.LAUNCHING && run.state != ExecutorRun.State.REGISTERING) {
            return;
        }
        log.info("Executor {} did not subscribe within {}", run.executorId(), settings.executorRegistrationTimeout());
        run.terminationReason = TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT;
        run.terminationMessage = "Executor did not register within "
                + ExecutorEnvironment.stoutDuration(settings.executorRegistrationTimeout());
        shutdown(run);
    }

    /** SHUTDOWN: a subscribed executor gets the event and a grace period; others are killed at once. */
    void shutdown(ExecutorRun run) {
        switch (run.state) {
            case LAUNCHING -> terminated(run, null); // no process yet; it is killed when the start reports back
            case REGISTERING -> {
                run.state = ExecutorRun.State.TERMINATING;
                run.kill();
            }
            case RUNNING -> {
                run.state = ExecutorRun.State.TERMINATING;
                if (run.stream != null) {
                    run.stream.send(SHUTDOWN);
                }
                run.killTimer = loop.schedule(run::kill, ExecutorEnvironment.gracePeriod(run.info,
                        settings.executorShutdownGracePeriod()));
            }
            default -> {
                // already going
            }
        }
    }

    /** The scheduler's SHUTDOWN of an executor. */
    void shutdown(FrameworkID frameworkId, ExecutorID executorId) {
        ExecutorRun run = run(frameworkId, executorId);
        if (run != null) {
            shutdown(run);
        }
    }

    /** The scheduler's MESSAGE for an executor: unreliable, dropped unless the executor is subscribed. */
    void message(FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        ExecutorRun run = run(frameworkId, executorId);
        if (run != null && run.stream != null) {
            run.stream.send(Event.newBuilder().setType(Event.Type.MESSAGE)
                    .setMessage(Event.Message.newBuilder().setData(data)).build());
        }
    }

    private ExecutorRun run(FrameworkID frameworkId, ExecutorID executorId) {
        AgentFramework framework = agent.frameworks.get(frameworkId.getValue());
        return framework == null ? null : framework.executors.get(executorId.getValue());
    }

    private void processExited(ExecutorRun run) {
        if (run.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        terminated(run, run.killed ? SIGKILL : waitStatus(run.process.exitValue()));
    }

    /**
     * The raw wait status Mesos would report (docs/mesos-notes.md §11) for a process whose {@link Process#exitValue()}
     * is {@code exitValue}. Java reports a process killed by signal n as 128 + n, as shells do; Mesos reports n itself
     * (WTERMSIG), and an exit code as {@code code << 8} (WEXITSTATUS). Executors are JVMs (exec'd by their launch
     * script), and a JVM exits with 128 + n by itself only after the signals it handles (HUP, INT, TERM): any other
     * 128 + n was that signal.
     */
    static int waitStatus(int exitValue) {
        int signal = exitValue - 128;
        boolean handledByTheJvm = signal == 1 || signal == 2 || signal == 15;
        if (signal > 0 && signal < 64 && !handledByTheJvm) {
            return signal;
        }
        return (exitValue & 0xff) << 8;
    }

    /**
     * The run is over: live tasks fail (§3.5: TASK_FAILED, REASON_EXECUTOR_TERMINATED unless a more specific
     * reason was recorded, source AGENT, with a uuid) and the master is told (it frees resources and sends
     * FAILURE).
     */
    void terminated(ExecutorRun run, Integer waitStatus) {
        if (run.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        run.state = ExecutorRun.State.TERMINATED;
        run.subscribed = false;
        agent.unpublish(run);
        run.cancelTimers();
        if (run.stream != null) {
            run.stream.close();
            run.stream = null;
        }
        AgentFramework framework = agent.frameworks.get(run.frameworkId.getValue());
        TaskStatus.Reason reason = run.terminationReason != null ? run.terminationReason
                : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED;
        String message = run.terminationMessage != null ? run.terminationMessage : "Executor terminated";
        TaskState state = run.terminationState != null ? run.terminationState : TaskState.TASK_FAILED;
        for (AgentTask task : run.tasks.values()) {
            if (task.live()) {
                AgentTasks.store(framework, task, Statuses.fromAgent(task.id, state, reason, message,
                        agent.agentId, run.info.getExecutorId()));
            }
        }
        run.queued.clear();
        if (framework.executors.get(run.executorId()) == run) {
            framework.executors.remove(run.executorId());
        }
        framework.completed(run);
        agent.failedSandboxes.ended(run, waitStatus);
        if (framework.removed && framework.executors.isEmpty()) {
            agent.frameworks.remove(run.frameworkId.getValue());
        }
        // A Mesos agent reports -1 when it has no wait status (no process, or none could be reaped) (§11).
        agent.master.executorExited(agent.agentId, run.frameworkId, run.info.getExecutorId(),
                waitStatus == null ? -1 : waitStatus);
        agent.recovery.recovered(run);
    }

    /** The executor's SUBSCRIBE, first or again (§1.5, §3.1, §3.5). */
    void subscribe(ExecutorRun run, Call.Subscribe subscribe, EventStream stream) {
        if (run.state == ExecutorRun.State.TERMINATED) {
            stream.close();
            return;
        }
        if (run.stream != null && run.stream != stream) {
            run.stream.close(); // one subscription per executor (§1.5)
        }
        run.stream = stream;
        stream.onBroken(() -> loop.execute(() -> {
            if (run.stream == stream) {
                run.stream = null;
            }
        }));
        boolean first = run.state == ExecutorRun.State.LAUNCHING || run.state == ExecutorRun.State.REGISTERING;
        if (first) {
            run.state = ExecutorRun.State.RUNNING;
            run.registrationTimer.cancel(false);
        }
        run.subscribed = true;
        AgentFramework framework = agent.frameworks.get(run.frameworkId.getValue());
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder()
                        .setExecutorInfo(run.info)
                        .setFrameworkInfo(framework.info)
                        .setAgentInfo(agent.agentInfo)
                        .setContainerId(run.containerId))
                .build());
        // A resubscribing executor lists what it knows (§3.1): those tasks were delivered already.
        Set<String> listed = new HashSet<>();
        for (TaskInfo task : subscribe.getUnacknowledgedTasksList()) {
            run.delivered(task.getTaskId().getValue());
            listed.add(task.getTaskId().getValue());
        }
        for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
            agent.update(run, update.getStatus()); // deduplicated by uuid: stored once, ACKNOWLEDGED again
            listed.add(update.getStatus().getTaskId().getValue());
        }
        if (run.recovering) {
            agent.recovery.dropUnlisted(framework, run, listed);
        }
        agent.recovery.recovered(run);
        if (run.state == ExecutorRun.State.TERMINATING) {
            stream.send(SHUTDOWN);
            return;
        }
        if (first && run.queued.isEmpty() && !run.hasLiveTasks()) {
            shutdown(run); // every queued task was killed before delivery (§3.5)
            return;
        }
        flush(run);
    }

    /** Sends the queued launches to the subscribed executor. */
    static void flush(ExecutorRun run) {
        ExecutorRun.Launch launch;
        while ((launch = run.queued.poll()) != null) {
            if (launch.group()) {
                TaskGroupInfo.Builder group = TaskGroupInfo.newBuilder();
                launch.tasks().forEach(t -> group.addTasks(t.info));
                run.stream.send(Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
                        .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(group)).build());
            } else {
                for (AgentTask task : launch.tasks()) {
                    run.stream.send(Event.newBuilder().setType(Event.Type.LAUNCH)
                            .setLaunch(Event.Launch.newBuilder().setTask(task.info)).build());
                }
            }
            launch.tasks().forEach(AgentTask::markDelivered); // after the events are encoded: they carry the data
        }
    }
}
