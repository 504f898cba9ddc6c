package io.ferry.local.agent;

import io.ferry.local.loop.EventLoop;
import io.ferry.local.protocol.Statuses;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's restart with {@code --recover=reconnect} (docs/mesos-notes.md §3.5): what its process loses when it
 * dies, the wait for its executors to subscribe again, and its reregistration with the master. Owned by the agent's
 * loop, except {@link #recovering()}, which HTTP threads read.
 */
final class AgentRecovery {

    private static final Logger log = LoggerFactory.getLogger(AgentRecovery.class);

    private final LocalAgent agent;
    private final AgentSettings settings;
    private final AgentID agentId;
    private final EventLoop loop;
    /** Whether the agent is registered with the master: only then are status updates forwarded. */
    private boolean registered = true;
    /** Published for HTTP threads: between {@link #crash()} and the end of recovery, calls but SUBSCRIBE get 503. */
    private volatile boolean recovering;
    /** Recovered runs not subscribed again yet; recovery ends when it is empty or at the timeout. */
    private final Set<ExecutorRun> awaited = new LinkedHashSet<>();
    private ScheduledFuture<?> reregistrationTimer;

    AgentRecovery(LocalAgent agent) {
        this.agent = agent;
        this.settings = agent.settings;
        this.agentId = agent.agentId;
        this.loop = agent.loop;
    }

    boolean registered() {
        return registered;
    }

    /** For HTTP threads: whether the agent is recovering from a restart (§1.4: 503 to calls but SUBSCRIBE). */
    boolean recovering() {
        return recovering;
    }

    /** See {@link LocalAgent#crash()}. */
    void crash() {
        registered = false;
        recovering = true;
        if (reregistrationTimer != null) {
            reregistrationTimer.cancel(false); // stopped again while recovering: recovery starts over
        }
        awaited.clear();
        agent.master.agentDisconnected(agentId);
        for (AgentFramework framework : List.copyOf(agent.frameworks.values())) {
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
    }

    private void forget(AgentFramework framework) {
        for (ExecutorRun run : framework.executors.values()) {
            run.state = ExecutorRun.State.TERMINATED;
            agent.unpublish(run);
            run.cancelTimers();
            run.kill();
        }
        framework.tasks.values().forEach(t -> t.updates.close());
        agent.frameworks.remove(framework.info.getId().getValue());
    }

    /** See {@link LocalAgent#recover()}. */
    void recover() {
        for (AgentFramework framework : agent.frameworks.values()) {
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
    }

    /** §3.5: a delivered task still STAGING that the executor does not list never reached it before the restart. */
    void dropUnlisted(AgentFramework framework, ExecutorRun run, Set<String> listed) {
        for (AgentTask task : run.tasks.values()) {
            if (task.delivered && task.state == TaskState.TASK_STAGING && !listed.contains(task.id.getValue())) {
                AgentTasks.store(framework, task, Statuses.fromAgent(task.id, AgentTasks.lostState(framework.info),
                        TaskStatus.Reason.REASON_AGENT_RESTARTED, "Task not known to the executor after the agent "
                                + "restarted", agentId, run.info.getExecutorId()));
            }
        }
    }

    /** The run subscribed again, or ended: no longer awaited. */
    void recovered(ExecutorRun run) {
        run.recovering = false;
        if (awaited.remove(run) && awaited.isEmpty() && !registered) {
            reregistrationTimer.cancel(false);
            reregister();
        }
    }

    private void reregistrationTimedOut() {
        for (ExecutorRun run : List.copyOf(awaited)) {
            AgentFramework framework = agent.frameworks.get(run.frameworkId.getValue());
            log.info("Executor {} did not subscribe within {} of the agent's restart", run.executorId(),
                    settings.executorReregistrationTimeout());
            run.terminationState = AgentTasks.partitionAware(framework.info) ? TaskState.TASK_GONE
                    : TaskState.TASK_LOST;
            run.terminationReason = TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT;
            run.terminationMessage = "Executor did not reregister within "
                    + ExecutorEnvironment.stoutDuration(settings.executorReregistrationTimeout());
            boolean hadProcess = run.process != null && run.process.isAlive();
            run.kill();
            // Removes it from awaited; the last one reregisters.
            agent.lifecycle.terminated(run, hadProcess ? ExecutorLifecycle.SIGKILL : null);
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
        for (AgentFramework framework : agent.frameworks.values()) {
            tasks.put(framework.info.getId().getValue(), Set.copyOf(framework.tasks.keySet()));
            executors.put(framework.info.getId().getValue(), Set.copyOf(framework.executors.keySet()));
        }
        registered = true;
        recovering = false;
        agent.master.agentReregistered(agentId, tasks, executors);
        agent.frameworks.values().forEach(f -> f.tasks.values().forEach(t -> t.updates.resend()));
        log.info("Agent {} recovered and reregistered", agentId.getValue());
    }
}
