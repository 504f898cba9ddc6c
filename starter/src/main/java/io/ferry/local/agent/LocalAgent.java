package io.ferry.local.agent;

import com.google.protobuf.ByteString;
import io.ferry.local.AgentLink;
import io.ferry.local.EventLoop;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.MasterLink;
import io.ferry.local.Resources;
import io.ferry.local.Statuses;
import io.ferry.local.http.RestartableServer;
import io.ferry.local.protocol.EventStream;
import io.ferry.wire.MesosHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local agent's state: executor runs, their processes and tasks, and the status update streams
 * (docs/mesos-notes.md §3, §6, §10). Everything runs on the agent's own loop; fetching and process starts run on a
 * launcher pool ({@link ExecutorLauncher}) and report back. The HTTP side ({@link ExecutorEndpoint},
 * {@link FilesEndpoint}) is separate, so that {@link #crash()} and {@link #recover()} can play an agent restart
 * with {@code --recover=reconnect} around a stop and start of the HTTP server while executors keep running.
 */
public final class LocalAgent implements AgentLink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalAgent.class);
    private static final Event SHUTDOWN = Event.newBuilder().setType(Event.Type.SHUTDOWN).build();
    /** SIGKILL: the raw wait status of a process the agent killed. */
    private static final int SIGKILL = 9;

    private final LocalClusterSettings settings;
    private final AgentID agentId;
    private final String hostname;
    private final RestartableServer server;
    private final int port;
    private final MasterLink master;
    private final ExecutorLauncher launcher;
    private final EventLoop loop;
    private final AgentInfo agentInfo;
    private final Map<String, AgentFramework> frameworks = new LinkedHashMap<>();
    /** Published for HTTP threads: {@code <frameworkId>/<executorId>} → the executor's live run. */
    private final ConcurrentHashMap<String, ExecutorRun> liveRuns = new ConcurrentHashMap<>();
    /** Whether the agent is registered with the master: only then are status updates forwarded. */
    private boolean registered = true;
    /** Published for HTTP threads: between {@link #crash()} and the end of recovery, calls other than SUBSCRIBE get 503. */
    private volatile boolean recovering;
    /** Recovered runs not subscribed again yet; recovery ends when it is empty or at the timeout. */
    private final Set<ExecutorRun> awaited = new LinkedHashSet<>();
    private ScheduledFuture<?> reregistrationTimer;

    /**
     * Starts an agent: first its HTTP server on an ephemeral port of {@code host}, since the agent's identity
     * (AgentInfo, {@code MESOS_AGENT_ENDPOINT}) needs the port, then the agent behind it.
     *
     * @param launchers     runs fetching and process starts ({@link ExecutorLauncher})
     * @param streamWriters writes the executors' event streams
     */
    public static LocalAgent start(LocalClusterSettings settings, AgentID agentId, String host, Resources total,
            MasterLink master, Fetcher fetcher, Executor launchers, Executor streamWriters) throws IOException {
        FilesEndpoint files = new FilesEndpoint();
        LocalAgent[] agent = new LocalAgent[1];
        // The handlers exist before the agent (it needs the port); they only run once the server is up.
        ExecutorEndpoint executors = new ExecutorEndpoint(() -> agent[0], streamWriters);
        StateEndpoint state = new StateEndpoint(() -> agent[0]);
        RestartableServer server = RestartableServer.start(host, Map.of(
                MesosHttp.EXECUTOR_PATH, executors,
                "/slave(1)" + MesosHttp.EXECUTOR_PATH, executors,
                "/files/", files,
                "/state", state,
                "/slave(1)/state", state));
        try {
            agent[0] = new LocalAgent(settings, agentId, host, server, total, master,
                    new ExecutorLauncher(launchers, fetcher, files));
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return agent[0];
    }

    private LocalAgent(LocalClusterSettings settings, AgentID agentId, String hostname, RestartableServer server,
            Resources total, MasterLink master, ExecutorLauncher launcher) {
        this.settings = settings;
        this.agentId = agentId;
        this.hostname = hostname;
        this.server = server;
        this.port = server.port();
        this.master = master;
        this.launcher = launcher;
        this.loop = new EventLoop("ferry-local-agent-" + agentId.getValue().substring(
                agentId.getValue().lastIndexOf('-') + 1));
        this.agentInfo = AgentInfo.newBuilder()
                .setHostname(hostname)
                .setPort(port)
                .setId(agentId)
                .addAllResources(total.toProto(null))
                .build();
    }

    @Override
    public AgentID agentId() {
        return agentId;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public int port() {
        return port;
    }

    /** The agent's HTTP server, which {@code LocalCluster} stops and starts around {@link #crash()} and {@link #recover()}. */
    public RestartableServer server() {
        return server;
    }

    String endpoint() {
        return hostname + ":" + port;
    }

    /** For HTTP threads: whether the agent is recovering from a restart (§1.4: 503 to calls but SUBSCRIBE). */
    boolean recovering() {
        return recovering;
    }

    /** For HTTP threads: the live run of an executor, or null. */
    ExecutorRun liveRun(String frameworkId, String executorId) {
        return liveRuns.get(frameworkId + "/" + executorId);
    }

    // ---- from the master ----------------------------------------------------------------------------------

    @Override
    public void launch(FrameworkInfo frameworkInfo, ExecutorInfo executor, boolean newExecutor, List<TaskInfo> tasks,
            boolean group) {
        loop.execute(() -> {
            AgentFramework framework = frameworks.computeIfAbsent(frameworkInfo.getId().getValue(),
                    id -> new AgentFramework(frameworkInfo));
            framework.info = frameworkInfo;
            ExecutorRun run = framework.executors.get(executor.getExecutorId().getValue());
            if (!registered) {
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
                run = startRun(framework, executor);
            }
            List<AgentTask> launched = new ArrayList<>();
            for (TaskInfo info : tasks) {
                launched.add(track(framework, info, run));
            }
            run.queued.add(new ExecutorRun.Launch(launched, group));
            if (run.state == ExecutorRun.State.RUNNING && run.stream != null) {
                flush(run);
            }
        });
    }

    @Override
    public void killTask(FrameworkID frameworkId, TaskID taskId) {
        loop.execute(() -> {
            AgentFramework framework = frameworks.get(frameworkId.getValue());
            AgentTask task = framework == null ? null : framework.tasks.get(taskId.getValue());
            if (!registered || task == null || !task.live() || task.run == null
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
                    shutdown(run); // nothing left to run (§3.5)
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
        });
    }

    @Override
    public void shutdownExecutor(FrameworkID frameworkId, ExecutorID executorId) {
        loop.execute(() -> {
            AgentFramework framework = frameworks.get(frameworkId.getValue());
            ExecutorRun run = framework == null ? null : framework.executors.get(executorId.getValue());
            if (run != null) {
                shutdown(run);
            }
        });
    }

    @Override
    public void frameworkMessage(FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        loop.execute(() -> {
            AgentFramework framework = frameworks.get(frameworkId.getValue());
            ExecutorRun run = framework == null ? null : framework.executors.get(executorId.getValue());
            if (run != null && run.stream != null) {
                run.stream.send(Event.newBuilder().setType(Event.Type.MESSAGE)
                        .setMessage(Event.Message.newBuilder().setData(data)).build());
            }
        });
    }

    @Override
    public void acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid) {
        loop.execute(() -> {
            AgentFramework framework = frameworks.get(frameworkId.getValue());
            AgentTask task = framework == null ? null : framework.tasks.get(taskId.getValue());
            if (!registered) {
                return; // lost with the agent's connection; the update is resent when it is back
            }
            if (task != null && task.updates.acknowledge(uuid) && task.updates.finished()) {
                // Forgotten after its terminal acknowledgement; a long-lived executor runs many tasks.
                framework.tasks.remove(taskId.getValue());
                if (task.run != null) {
                    task.run.tasks.remove(taskId.getValue());
                }
            }
        });
    }

    @Override
    public void frameworkSubscribed(FrameworkInfo info) {
        loop.execute(() -> {
            AgentFramework framework = frameworks.get(info.getId().getValue());
            if (framework != null) {
                framework.info = info;
                framework.tasks.values().forEach(t -> t.updates.resend());
            }
        });
    }

    @Override
    public void shutdownFramework(FrameworkID frameworkId) {
        loop.execute(() -> {
            AgentFramework framework = frameworks.get(frameworkId.getValue());
            if (framework == null) {
                return;
            }
            framework.removed = true;
            framework.tasks.values().forEach(t -> t.updates.close());
            framework.tasks.clear();
            new ArrayList<>(framework.executors.values()).forEach(this::shutdown);
        });
    }

    // ---- executor lifecycle -----------------------------------------------------------------------------------

    private ExecutorRun startRun(AgentFramework framework, ExecutorInfo executor) {
        ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();
        Sandbox sandbox = Sandbox.of(settings.workDir(), agentId.getValue(), framework.info.getId().getValue(),
                executor.getExecutorId().getValue(), containerId.getValue());
        ExecutorRun run = new ExecutorRun(framework.info.getId(), executor, containerId, sandbox);
        framework.executors.put(run.executorId(), run);
        liveRuns.put(key(run), run);
        // The registration timer starts with the launch, so fetching counts (§3.5).
        run.registrationTimer = loop.schedule(() -> registrationTimedOut(run),
                settings.executorRegistrationTimeout());
        Map<String, String> env = ExecutorEnvironment.of(framework.info, executor, agentId.getValue(), endpoint(),
                sandbox.directory(), settings);
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
            kill(run); // shut down or timed out while fetching; already reported
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
    private void shutdown(ExecutorRun run) {
        switch (run.state) {
            case LAUNCHING -> terminated(run, null); // no process yet; it is killed when the start reports back
            case REGISTERING -> {
                run.state = ExecutorRun.State.TERMINATING;
                kill(run);
            }
            case RUNNING -> {
                run.state = ExecutorRun.State.TERMINATING;
                if (run.stream != null) {
                    run.stream.send(SHUTDOWN);
                }
                run.killTimer = loop.schedule(() -> kill(run), ExecutorEnvironment.gracePeriod(run.info,
                        settings.executorShutdownGracePeriod()));
            }
            default -> {
                // already going
            }
        }
    }

    /** Destroys the process tree: descendants first, since the shell may not pass the signal on. */
    private static void kill(ExecutorRun run) {
        Process process = run.process;
        if (process != null && process.isAlive()) {
            run.killed = true;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void processExited(ExecutorRun run) {
        if (run.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        // Java reports a signalled process as 128 + signal; Mesos reports the raw wait status. The agent knows
        // when it sent SIGKILL itself; any other exit is taken as an exit code (WEXITSTATUS = status >> 8).
        int waitStatus = run.killed ? SIGKILL : (run.process.exitValue() & 0xff) << 8;
        terminated(run, waitStatus);
    }

    /**
     * The run is over: live tasks fail (§3.5: TASK_FAILED, REASON_EXECUTOR_TERMINATED unless a more specific
     * reason was recorded, source AGENT, with a uuid) and the master is told (it frees resources and sends
     * FAILURE).
     */
    private void terminated(ExecutorRun run, Integer waitStatus) {
        if (run.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        run.state = ExecutorRun.State.TERMINATED;
        run.subscribed = false;
        liveRuns.remove(key(run), run);
        cancel(run);
        if (run.stream != null) {
            run.stream.close();
            run.stream = null;
        }
        AgentFramework framework = frameworks.get(run.frameworkId.getValue());
        TaskStatus.Reason reason = run.terminationReason != null ? run.terminationReason
                : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED;
        String message = run.terminationMessage != null ? run.terminationMessage : "Executor terminated";
        TaskState state = run.terminationState != null ? run.terminationState : TaskState.TASK_FAILED;
        for (AgentTask task : run.tasks.values()) {
            if (task.live()) {
                store(framework, task, Statuses.fromAgent(task.id, state, reason, message,
                        agentId, run.info.getExecutorId()));
            }
        }
        run.queued.clear();
        if (framework.executors.get(run.executorId()) == run) {
            framework.executors.remove(run.executorId());
        }
        framework.completed(run);
        if (framework.removed && framework.executors.isEmpty()) {
            frameworks.remove(run.frameworkId.getValue());
        }
        master.executorExited(agentId, run.frameworkId, run.info.getExecutorId(), waitStatus);
        recovered(run);
    }

    private static void cancel(ExecutorRun run) {
        if (run.registrationTimer != null) {
            run.registrationTimer.cancel(false);
        }
        if (run.killTimer != null) {
            run.killTimer.cancel(false);
        }
    }

    // ---- from the executor (ExecutorEndpoint) -----------------------------------------------------------------

    void subscribe(ExecutorRun run, Call.Subscribe subscribe, EventStream stream) {
        loop.execute(() -> {
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
            AgentFramework framework = frameworks.get(run.frameworkId.getValue());
            stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                    .setSubscribed(Event.Subscribed.newBuilder()
                            .setExecutorInfo(run.info)
                            .setFrameworkInfo(framework.info)
                            .setAgentInfo(agentInfo)
                            .setContainerId(run.containerId))
                    .build());
            // A resubscribing executor lists what it knows (§3.1): those tasks were delivered already.
            Set<String> listed = new HashSet<>();
            for (TaskInfo task : subscribe.getUnacknowledgedTasksList()) {
                run.delivered(task.getTaskId().getValue());
                listed.add(task.getTaskId().getValue());
            }
            for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
                update(run, update.getStatus()); // deduplicated by uuid: stored once, ACKNOWLEDGED again
                listed.add(update.getStatus().getTaskId().getValue());
            }
            if (run.recovering) {
                dropUnlisted(framework, run, listed);
            }
            recovered(run);
            if (run.state == ExecutorRun.State.TERMINATING) {
                stream.send(SHUTDOWN);
                return;
            }
            if (first && run.queued.isEmpty() && !run.hasLiveTasks()) {
                shutdown(run); // every queued task was killed before delivery (§3.5)
                return;
            }
            flush(run);
        });
    }

    private static void flush(ExecutorRun run) {
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

    /** An executor's UPDATE, validated by the endpoint: store, ACKNOWLEDGED to the executor, forward (§3.3). */
    void update(ExecutorRun run, TaskStatus given) {
        loop.execute(() -> {
            if (given.hasAgentId() && !given.getAgentId().equals(agentId)) {
                log.warn("Dropping an update of task {} for agent {}", given.getTaskId().getValue(),
                        given.getAgentId().getValue()); // what Mesos does, silently (§3.3)
                return;
            }
            AgentFramework framework = frameworks.get(run.frameworkId.getValue());
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
        });
    }

    void message(ExecutorRun run, ByteString data) {
        master.executorMessage(agentId, run.frameworkId, run.info.getExecutorId(), data);
    }

    // ---- tasks and updates --------------------------------------------------------------------------------------

    private AgentTask track(AgentFramework framework, TaskInfo info, ExecutorRun run) {
        return track(framework, info, run, info.getTaskId());
    }

    private AgentTask track(AgentFramework framework, TaskInfo info, ExecutorRun run, TaskID taskId) {
        FrameworkID frameworkId = framework.info.getId();
        StatusUpdateStream updates = new StatusUpdateStream(loop, settings.statusUpdateRetryInterval(),
                (forward, latest) -> {
                    if (registered) { // else kept, and resent when the agent is registered again
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

    private static void store(AgentFramework framework, AgentTask task, TaskStatus status) {
        if (framework.removed) {
            return;
        }
        if (task.updates.add(status)) {
            task.state = status.getState();
        }
    }

    private static boolean partitionAware(FrameworkInfo info) {
        return info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    /** TASK_LOST, or its partition-aware refinement (§4.1). */
    private static TaskState lostState(FrameworkInfo info) {
        return partitionAware(info) ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
    }

    private static String key(ExecutorRun run) {
        return run.frameworkId.getValue() + "/" + run.executorId();
    }

    // ---- restart (LocalCluster.restartAgent) -------------------------------------------------------------------

    /**
     * The agent process dies; call before its HTTP server stops. Executor subscriptions end, the master stops
     * hearing from it, and what a real agent does not checkpoint is gone: the executors of frameworks without
     * {@code checkpoint} are killed and forgotten, as a 1.11 agent's recovery kills them (their tasks are then
     * LOST to the master). The rest is what the agent recovers from its checkpoints, and its executors keep
     * running.
     */
    public CompletableFuture<Void> crash() {
        return loop.call(() -> {
            registered = false;
            recovering = true;
            if (reregistrationTimer != null) {
                reregistrationTimer.cancel(false); // stopped again while recovering: recovery starts over
            }
            awaited.clear();
            master.agentDisconnected(agentId);
            for (AgentFramework framework : List.copyOf(frameworks.values())) {
                for (ExecutorRun run : framework.executors.values()) {
                    run.stream = null; // the server's stop breaks the connection
                    run.subscribed = false;
                    if (run.registrationTimer != null) {
                        run.registrationTimer.cancel(false); // the reregistration timeout takes over
                    }
                }
                if (!framework.info.getCheckpoint()) {
                    forget(framework);
                }
            }
            log.info("Agent {} stopped", agentId.getValue());
            return null;
        });
    }

    private void forget(AgentFramework framework) {
        for (ExecutorRun run : framework.executors.values()) {
            run.state = ExecutorRun.State.TERMINATED;
            liveRuns.remove(key(run), run);
            cancel(run);
            kill(run);
        }
        framework.tasks.values().forEach(t -> t.updates.close());
        frameworks.remove(framework.info.getId().getValue());
    }

    /**
     * The agent serves again ({@code --recover=reconnect}): its recovered executors have
     * {@link LocalClusterSettings#executorReregistrationTimeout()} to subscribe again; calls other than SUBSCRIBE
     * get 503 meanwhile. Then those still away are killed, their live tasks LOST (GONE if partition-aware) with
     * REASON_EXECUTOR_REREGISTRATION_TIMEOUT, and the agent reregisters with the master and resends every status
     * update not acknowledged yet (§3.5).
     */
    public void recover() {
        loop.execute(() -> {
            for (AgentFramework framework : frameworks.values()) {
                for (ExecutorRun run : framework.executors.values()) {
                    if (run.state != ExecutorRun.State.TERMINATED) {
                        run.recovering = true;
                        awaited.add(run);
                    }
                }
            }
            log.info("Agent {} recovering {} executor(s)", agentId.getValue(), awaited.size());
            if (awaited.isEmpty()) {
                reregister();
            } else {
                reregistrationTimer = loop.schedule(this::reregistrationTimedOut,
                        settings.executorReregistrationTimeout());
            }
        });
    }

    /** §3.5: a delivered task still STAGING that the executor does not list never reached it before the restart. */
    private void dropUnlisted(AgentFramework framework, ExecutorRun run, Set<String> listed) {
        for (AgentTask task : run.tasks.values()) {
            if (task.delivered && task.state == TaskState.TASK_STAGING && !listed.contains(task.id.getValue())) {
                store(framework, task, Statuses.fromAgent(task.id, lostState(framework.info),
                        TaskStatus.Reason.REASON_AGENT_RESTARTED, "Task not known to the executor after the agent "
                                + "restarted", agentId, run.info.getExecutorId()));
            }
        }
    }

    /** The run subscribed again, or ended: no longer awaited. */
    private void recovered(ExecutorRun run) {
        run.recovering = false;
        if (awaited.remove(run) && awaited.isEmpty() && !registered) {
            reregistrationTimer.cancel(false);
            reregister();
        }
    }

    private void reregistrationTimedOut() {
        for (ExecutorRun run : List.copyOf(awaited)) {
            AgentFramework framework = frameworks.get(run.frameworkId.getValue());
            log.info("Executor {} did not subscribe within {} of the agent's restart", run.executorId(),
                    settings.executorReregistrationTimeout());
            run.terminationState = partitionAware(framework.info) ? TaskState.TASK_GONE : TaskState.TASK_LOST;
            run.terminationReason = TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT;
            run.terminationMessage = "Executor did not reregister within "
                    + ExecutorEnvironment.stoutDuration(settings.executorReregistrationTimeout());
            boolean hadProcess = run.process != null && run.process.isAlive();
            kill(run);
            terminated(run, hadProcess ? SIGKILL : null); // removes it from awaited; the last one reregisters
        }
        if (!registered) {
            reregister();
        }
    }

    /** Recovery is over: report what the agent knows to the master and resend what is not acknowledged. */
    private void reregister() {
        awaited.clear();
        Map<String, Set<String>> tasks = new HashMap<>();
        Map<String, Set<String>> executors = new HashMap<>();
        for (AgentFramework framework : frameworks.values()) {
            tasks.put(framework.info.getId().getValue(), Set.copyOf(framework.tasks.keySet()));
            executors.put(framework.info.getId().getValue(), Set.copyOf(framework.executors.keySet()));
        }
        registered = true;
        recovering = false;
        master.agentReregistered(agentId, tasks, executors);
        frameworks.values().forEach(f -> f.tasks.values().forEach(t -> t.updates.resend()));
        log.info("Agent {} recovered and reregistered", agentId.getValue());
    }

    // ---- /state -----------------------------------------------------------------------------------------------

    /** {@code GET /state}, computed on the loop for a consistent view. */
    byte[] stateJson() throws Exception {
        return loop.call(() -> AgentStateJson.render(agentInfo, "slave(1)@" + endpoint(), frameworks))
                .get(10, TimeUnit.SECONDS);
    }

    /** Kills every executor process tree and waits (5 s at most) for the processes to exit. */
    @Override
    public void close() {
        List<Process> processes = new ArrayList<>();
        try {
            loop.call(() -> {
                for (AgentFramework framework : frameworks.values()) {
                    for (ExecutorRun run : framework.executors.values()) {
                        if (run.stream != null) {
                            run.stream.close();
                        }
                        if (run.process != null) {
                            processes.add(run.process);
                        }
                    }
                }
                return null;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Collecting executor processes", e);
        }
        loop.close();
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Process p : processes) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
