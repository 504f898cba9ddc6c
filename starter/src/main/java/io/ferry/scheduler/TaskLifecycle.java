package io.ferry.scheduler;

import io.ferry.task.TaskFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves tasks through their life: launched, running, retried after an infrastructure failure, and finished,
 * cancelled or timed out, completing each future once. Status updates are read by the {@link StatusInterpreter}
 * and acknowledged after they are recorded; tasks nobody waits for are killed. Owned by the loop thread; futures
 * are completed on another pool, so callers' callbacks never run on the loop.
 */
final class TaskLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskLifecycle.class);

    private final TaskRegistry registry;
    private final StatusInterpreter interpreter;
    private final MasterSession session;
    private final ExecutorDirectory executors;
    private final HeldOffers offers;
    private final QueueRoom room;
    private final SchedulerMetrics metrics;
    private final Backoff backoff;
    private final SchedulerLoop loop;
    private final ScheduledExecutorService timer;
    private final Executor completions;
    private final TaskTimeouts timeouts;
    /** How the task ids of this run of the app begin (see {@code FerryScheduler.newTaskId}). */
    private final String runPrefix;
    /** Mesos task ids found running without a caller (an earlier run's), killed once each. */
    private final Set<String> orphans = new HashSet<>();

    TaskLifecycle(TaskRegistry registry, StatusInterpreter interpreter, MasterSession session,
                  ExecutorDirectory executors, HeldOffers offers, QueueRoom room, SchedulerMetrics metrics,
                  Backoff backoff, SchedulerLoop loop, ScheduledExecutorService timer, Executor completions,
                  String runPrefix) {
        this.registry = registry;
        this.interpreter = interpreter;
        this.session = session;
        this.executors = executors;
        this.offers = offers;
        this.room = room;
        this.metrics = metrics;
        this.backoff = backoff;
        this.loop = loop;
        this.timer = timer;
        this.completions = completions;
        this.timeouts = new TaskTimeouts(timer, loop, this::timedOut);
        this.runPrefix = runPrefix;
    }

    /** The task went out in an ACCEPT as attempt {@code attempt}: it leaves the queue and its timeout runs. */
    void launched(TaskRecord r, int attempt, String mesosId, String agentId, String executorId, Instant now) {
        r.attempts = attempt;
        r.agentId = agentId;
        r.executorId = executorId;
        r.launched = now;
        r.mesosState = null;
        r.killCause = null;
        registry.attemptLaunched(r, mesosId);
        registry.moveTo(r, TaskPhase.LAUNCHED, now);
        room.left(r);
        timeouts.start(r, mesosId);
    }

    /** The master never took the ACCEPT of this launch: no attempt happened, so the task is ready again. */
    void notLaunched(TaskRecord r, Instant now) {
        if (r.phase != TaskPhase.LAUNCHED || r.mesosState != null) {
            return; // an update came meanwhile: the master had it after all
        }
        r.attempts--;
        registry.attemptEnded(r);
        r.mesosTaskId = null;
        TaskTimeouts.cancel(r);
        if (registry.moveTo(r, TaskPhase.QUEUED, now)) {
            room.requeued();
            registry.makeReady(r);
        }
    }

    void update(TaskStatus status) {
        metrics.update(status.getState());
        TaskRecord r = registry.byMesosId(status.getTaskId().getValue());
        if (r == null) {
            unknownTask(status);
        } else {
            apply(r, status);
        }
        // Acknowledge after recording (docs/mesos-notes.md §2.5); reconciliation answers carry no uuid.
        if (status.hasUuid() && status.hasAgentId()) {
            session.acknowledge(status);
        }
    }

    /**
     * An update for an attempt the scheduler does not follow: a task of an earlier run (same framework id, found by
     * reconciliation or still sending updates), an old attempt of a task that was retried, or a repeated or late
     * update of a task that has ended. Nobody waits for it, so a live one is killed; an earlier run's is recorded as
     * an orphan so that operators see it.
     */
    private void unknownTask(TaskStatus status) {
        String mesosId = status.getTaskId().getValue();
        AgentID agent = status.hasAgentId() ? status.getAgentId() : null;
        if (!StatusInterpreter.isTerminal(status.getState())) {
            log.info("Killing task {} on agent {}: no caller waits for it", mesosId,
                    agent == null ? "unknown" : agent.getValue());
            session.kill(status.getTaskId(), agent);
        }
        int dot = mesosId.lastIndexOf('.');
        // A task of this run is known by its id even once it left the registry (history is bounded).
        boolean ours = mesosId.startsWith(runPrefix) || dot > 0 && registry.get(mesosId.substring(0, dot)) != null;
        if (!ours && orphans.add(mesosId)) {
            metrics.orphanKilled();
            registry.recordOrphan(mesosId, agent == null ? null : agent.getValue(),
                    status.hasExecutorId() ? status.getExecutorId().getValue() : null, status.getState().name(),
                    Instant.now());
        }
    }

    private void apply(TaskRecord r, TaskStatus status) {
        Instant now = Instant.now();
        if (StatusInterpreter.endsAttempt(status)) {
            registry.attemptEnded(r);
            TaskTimeouts.cancel(r);
        }
        if (r.phase.isTerminal()) {
            r.mesosState = status.getState().name();
            registry.publish(r);
            return; // cancelled or timed out before this update; the future has its answer already
        }
        r.mesosState = status.getState().name();
        if (status.hasAgentId()) {
            r.agentId = status.getAgentId().getValue();
        }
        StatusInterpreter.Outcome outcome = interpreter.interpret(r, status, executors.on(r.agentId));
        if (outcome instanceof StatusInterpreter.Outcome.Running) {
            if (r.started == null) {
                r.started = now;
            }
            registry.moveTo(r, TaskPhase.RUNNING, now);
        } else if (outcome instanceof StatusInterpreter.Outcome.Succeeded ok) {
            succeed(r, ok.value(), ok.text());
        } else if (outcome instanceof StatusInterpreter.Outcome.Failed failed) {
            fail(r, failed.failure());
        } else if (outcome instanceof StatusInterpreter.Outcome.Retry retry) {
            retryOrFail(r, retry.reason());
        } else {
            registry.publish(r);
        }
    }

    private void retryOrFail(TaskRecord r, String reason) {
        if (r.attempts > r.options.maxRetries()) {
            fail(r, new TaskFailure("task " + r.id + " failed after " + r.attempts + " attempt(s) (max retries "
                    + r.options.maxRetries() + "): " + reason));
            return;
        }
        long delay = backoff.delayMillis(r.attempts - 1);
        log.info("Task {} attempt {} did not complete ({}); retrying in {} ms", r.id, r.attempts, reason, delay);
        metrics.retried();
        r.failure = "attempt " + r.attempts + ": " + reason;
        if (registry.moveTo(r, TaskPhase.QUEUED, Instant.now())) {
            // Counted as queued again at once, so back-pressure sees it; it becomes ready after the backoff.
            room.requeued();
            timer.schedule(() -> loop.post(() -> {
                if (r.phase == TaskPhase.QUEUED) {
                    registry.makeReady(r);
                    offers.wantMore();
                }
            }), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void succeed(TaskRecord r, Object value, String text) {
        TaskTimeouts.cancel(r);
        r.result = text;
        r.failure = null;
        if (registry.moveTo(r, TaskPhase.SUCCEEDED, Instant.now())) {
            metrics.finished("succeeded");
            completions.execute(() -> r.future.complete(value));
        }
    }

    private void fail(TaskRecord r, Throwable failure) {
        TaskTimeouts.cancel(r);
        r.failure = StatusInterpreter.describe(failure);
        if (r.phase == TaskPhase.QUEUED) {
            room.left(r);
        }
        if (registry.moveTo(r, TaskPhase.FAILED, Instant.now())) {
            metrics.finished("failed");
            completions.execute(() -> r.future.completeExceptionally(failure));
        }
    }

    /** A queued task never runs; a launched one is killed on its agent. Its future completes as cancelled. */
    void cancel(String taskId) {
        TaskRecord r = registry.get(taskId);
        if (r == null || r.phase.isTerminal()) {
            return;
        }
        if (r.phase == TaskPhase.QUEUED) {
            room.left(r);
        } else {
            r.killCause = TaskRecord.KillCause.CANCELLED;
            kill(r);
        }
        TaskTimeouts.cancel(r);
        registry.moveTo(r, TaskPhase.CANCELLED, Instant.now());
        metrics.finished("cancelled");
        completions.execute(() -> r.future.cancel(true));
    }

    private void timedOut(TaskRecord r) {
        r.killCause = TaskRecord.KillCause.TIMED_OUT;
        kill(r);
        metrics.timedOut();
        fail(r, new TaskFailure("task " + r.id + " ran longer than its timeout of " + r.options.timeout()
                + " and was killed", new TimeoutException(r.options.timeout().toString())));
    }

    /** The app stops: every live task fails now, so that no caller waits for ever. */
    void failAll() {
        for (TaskRecord r : new ArrayList<>(registry.live())) {
            if (!r.phase.isTerminal()) {
                fail(r, new TaskFailure("Ferry is shutting down; task " + r.id + " did not finish"));
            }
        }
    }

    private void kill(TaskRecord r) {
        if (r.mesosTaskId != null && registry.byMesosId(r.mesosTaskId) == r) {
            session.kill(TaskID.newBuilder().setValue(r.mesosTaskId).build(),
                    r.agentId == null ? null : AgentID.newBuilder().setValue(r.agentId).build());
        }
    }

    /** After every subscribe: ask for the state of every task we launched (docs/mesos-notes.md §8). */
    void reconcileLive() {
        List<Call.Reconcile.Task> tasks = new ArrayList<>();
        for (TaskRecord r : registry.live()) {
            if (r.mesosTaskId != null && registry.byMesosId(r.mesosTaskId) == r) {
                tasks.add(SchedulerCalls.reconcileTask(r.mesosTaskId, r.agentId));
            }
        }
        if (!tasks.isEmpty()) {
            session.reconcile(tasks);
        }
        // Implicit reconciliation: the master answers for every task it has of ours, so tasks of an earlier run
        // of this app (same framework id) show up, and are killed as orphans.
        session.reconcile(List.of());
    }
}
