package io.ferry.local.agent;

import com.google.protobuf.ByteString;
import io.ferry.local.http.LoopbackServerGroup;
import io.ferry.local.http.RestartableServer;
import io.ferry.local.loop.EventLoop;
import io.ferry.local.protocol.AgentLink;
import io.ferry.local.protocol.EventStream;
import io.ferry.local.protocol.MasterLink;
import io.ferry.local.protocol.Resources;
import io.ferry.wire.MesosHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local agent (docs/mesos-notes.md §3, §6, §10): its identity, its frameworks and executor runs, and every way
 * in. Everything runs on the agent's own loop: the master's orders, the executors' calls and the restart are
 * queued there, and done by the {@link AgentTasks} (tasks and their status updates), the
 * {@link ExecutorLifecycle} (executor runs, from launch to exit) and the {@link AgentRecovery} (restart);
 * fetching and process starts run on a launcher pool ({@link ExecutorLauncher}) and report back. The HTTP side
 * ({@link ExecutorEndpoint}, {@link FilesEndpoint}) is separate, so that {@link #crash()} and {@link #recover()}
 * can play an agent restart with {@code --recover=reconnect} around a stop and start of the HTTP server while
 * executors keep running.
 */
public final class LocalAgent implements AgentLink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalAgent.class);

    final AgentSettings settings;
    final AgentID agentId;
    final MasterLink master;
    final EventLoop loop;
    final AgentInfo agentInfo;
    /** What the agent knows of each framework, by id. */
    final Map<String, AgentFramework> frameworks = new LinkedHashMap<>();
    final AgentTasks tasks;
    final ExecutorLifecycle lifecycle;
    final AgentRecovery recovery;
    final FailedSandboxes failedSandboxes = new FailedSandboxes();
    private final String hostname;
    private final RestartableServer server;
    private final int port;
    /** Published for HTTP threads: {@code <frameworkId>/<executorId>} → the executor's live run. */
    private final ConcurrentHashMap<String, ExecutorRun> liveRuns = new ConcurrentHashMap<>();

    /**
     * Starts an agent: first its HTTP server on an ephemeral port of {@code host}, since the agent's identity
     * (AgentInfo, {@code MESOS_AGENT_ENDPOINT}) needs the port, then the agent behind it.
     *
     * @param launchers     runs fetching and process starts ({@link ExecutorLauncher})
     * @param httpThreads   the cluster's HTTP threads, which the agent's server uses
     * @param loop          the agent's loop: on a thread of its own, or one shared with the master
     */
    public static LocalAgent start(AgentSettings settings, AgentID agentId, String host, Resources total,
            MasterLink master, Fetcher fetcher, Executor launchers,
            LoopbackServerGroup httpThreads, EventLoop loop) throws IOException {
        FilesEndpoint files = new FilesEndpoint();
        LocalAgent[] agent = new LocalAgent[1];
        // The handlers exist before the agent (it needs the port); they only run once the server is up.
        ExecutorEndpoint executors = new ExecutorEndpoint(() -> agent[0]);
        StateEndpoint state = new StateEndpoint(() -> agent[0]);
        RestartableServer server = RestartableServer.start(httpThreads, host, Map.of(
                MesosHttp.EXECUTOR_PATH, executors,
                "/slave(1)" + MesosHttp.EXECUTOR_PATH, executors,
                "/files/", files,
                "/state", state,
                "/slave(1)/state", state));
        try {
            agent[0] = new LocalAgent(settings, agentId, host, server, total, master,
                    new ExecutorLauncher(launchers, fetcher, files), loop);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return agent[0];
    }

    private LocalAgent(AgentSettings settings, AgentID agentId, String hostname, RestartableServer server,
            Resources total, MasterLink master, ExecutorLauncher launcher, EventLoop loop) {
        this.settings = settings;
        this.agentId = agentId;
        this.hostname = hostname;
        this.server = server;
        this.port = server.port();
        this.master = master;
        this.loop = loop;
        this.agentInfo = AgentInfo.newBuilder()
                .setHostname(hostname)
                .setPort(port)
                .setId(agentId)
                .addAllResources(total.toProto(null))
                .build();
        this.tasks = new AgentTasks(this);
        this.lifecycle = new ExecutorLifecycle(this, launcher);
        this.recovery = new AgentRecovery(this);
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

    /** Its HTTP server, which {@code LocalCluster} stops and starts around {@link #crash()} and {@link #recover()}. */
    public RestartableServer server() {
        return server;
    }

    /** {@code ip:port}, as executors reach the agent. */
    String endpoint() {
        return hostname + ":" + port;
    }

    /** For HTTP threads: whether the agent is recovering from a restart (§1.4: 503 to calls but SUBSCRIBE). */
    boolean recovering() {
        return recovery.recovering();
    }

    /** For HTTP threads: the live run of an executor, or null. */
    ExecutorRun liveRun(String frameworkId, String executorId) {
        return liveRuns.get(frameworkId + "/" + executorId);
    }

    /** The run is live: HTTP threads find it by its framework and executor id. */
    void publish(ExecutorRun run) {
        liveRuns.put(key(run), run);
    }

    /** The run is no longer live. */
    void unpublish(ExecutorRun run) {
        liveRuns.remove(key(run), run);
    }

    private static String key(ExecutorRun run) {
        return run.frameworkId.getValue() + "/" + run.executorId();
    }

    // ---- from the master (AgentLink) -----------------------------------------------------------------------

    @Override
    public void launch(FrameworkInfo frameworkInfo, ExecutorInfo executor, boolean newExecutor, List<TaskInfo> tasks,
            boolean group) {
        loop.execute(() -> this.tasks.launch(frameworkInfo, executor, newExecutor, tasks, group));
    }

    @Override
    public void killTask(FrameworkID frameworkId, TaskID taskId) {
        loop.execute(() -> tasks.kill(frameworkId, taskId));
    }

    @Override
    public void shutdownExecutor(FrameworkID frameworkId, ExecutorID executorId) {
        loop.execute(() -> lifecycle.shutdown(frameworkId, executorId));
    }

    @Override
    public void frameworkMessage(FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        loop.execute(() -> lifecycle.message(frameworkId, executorId, data));
    }

    @Override
    public void acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid) {
        loop.execute(() -> tasks.acknowledge(frameworkId, taskId, uuid));
    }

    @Override
    public void frameworkSubscribed(FrameworkInfo info) {
        loop.execute(() -> tasks.frameworkSubscribed(info));
    }

    @Override
    public void shutdownFramework(FrameworkID frameworkId) {
        loop.execute(() -> tasks.shutdownFramework(frameworkId));
    }

    // ---- from the executor (ExecutorEndpoint) -----------------------------------------------------------------

    void subscribe(ExecutorRun run, Call.Subscribe subscribe, EventStream stream) {
        loop.execute(() -> lifecycle.subscribe(run, subscribe, stream));
    }

    /** An executor's UPDATE, validated by the endpoint: store, ACKNOWLEDGED to the executor, forward (§3.3). */
    void update(ExecutorRun run, TaskStatus given) {
        loop.execute(() -> tasks.update(run, given));
    }

    void message(ExecutorRun run, ByteString data) {
        master.executorMessage(agentId, run.frameworkId, run.info.getExecutorId(), data);
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
            recovery.crash();
            return null;
        });
    }

    /**
     * The agent serves again ({@code --recover=reconnect}): its recovered executors have
     * {@link AgentSettings#executorReregistrationTimeout()} to subscribe again; calls other than SUBSCRIBE
     * get 503 meanwhile. Then those still away are killed, their live tasks LOST (GONE if partition-aware) with
     * REASON_EXECUTOR_REREGISTRATION_TIMEOUT, and the agent reregisters with the master and resends every status
     * update not acknowledged yet (§3.5).
     */
    public void recover() {
        loop.execute(recovery::recover);
    }

    /**
     * The sandboxes of this agent's most recent failed executor runs (at most 10), oldest first; from any thread,
     * also after {@link #close()}, whose kills are not failures.
     */
    public List<FailedSandbox> failedSandboxes() {
        return failedSandboxes.list();
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
