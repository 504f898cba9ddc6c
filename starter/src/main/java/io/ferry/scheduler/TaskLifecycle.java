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
import org.apache.mesos.v1.Protos.TaskState;
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
    private final ExecutorDeaths deaths;
    private final CrashLoops crashLoops;
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
                  ExecutorDirectory executors, ExecutorDeaths deaths, CrashLoops crashLoops, HeldOffers offers,
                  QueueRoom room, SchedulerMetrics metrics, Backoff backoff, SchedulerLoop loop,
                  ScheduledExecutorService timer, Executor completions, String runPrefix) {
        this.registry = registry;
        this.interpreter = interpreter;
        this.session = session;
        this.executors = executors;
        this.deaths = deaths;
        this.crashLoops = crashLoops;
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
    void launched(TaskRecord r, int attempt, String mesosId, String agentId, String executorId, Instant now,
                  long nowNanos) {
        metrics.waited(nowNanos - r.queuedNanos);
        r.launchedNanos = nowNanos;
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
        r.forgetAttempt(r.attempts);
        r.attempts--;
        r.launchedNanos = 0;
        r.queuedNanos = System.nanoTime();
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
            metrics.ended(SchedulerMetrics.Ended.ORPHANED, 0, 0, 0);
            Instant now = Instant.now();
            registry.recordOrphan(mesosId, agent == null ? null : agent.getValue(),
                    status.hasExecutorId() ? status.getExecutorId().getValue() : null,
                    StatusUpdate.of(status, 0, now), now);
        }
    }

    private void apply(TaskRecord r, TaskStatus status) {
        Instant now = Instant.now();
        // Every update of the attempt is kept with the task (bounded), whatever it means for it: the history an
        // operator reads on the task's page.
        r.recordUpdate(StatusUpdate.of(status, r.attempts, now));
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
            String agentId = status.getAgentId().getValue();
            if (!agentId.equals(r.agentId)) {
                r.agentId = agentId; // else the launch's string stays: one copy per task in history, not one per update
            }
        }
        StatusInterpreter.Outcome outcome = interpreter.interpret(r, status, executors.on(r.agentId));
        if (outcome instanceof StatusInterpreter.Outcome.Running) {
            if (r.started == null) {
                r.started = now;
            }
            if (!registry.moveTo(r, TaskPhase.RUNNING, now)) {
                registry.publish(r); // running already: the new update and state still show
            }
        } else if (outcome instanceof StatusInterpreter.Outcome.Succeeded ok) {
            succeed(r, ok.value(), ok.text(), now);
        } else if (outcome instanceof StatusInterpreter.Outcome.Failed failed) {
            fail(r, failed.failure(), SchedulerMetrics.Ended.FAILED);
        } else if (outcome instanceof StatusInterpreter.Outcome.Retry retry) {
            // Mesos refusing every attempt (TASK_ERROR) is Ferry's error; anything else lost the attempt.
            retryOrFail(r, retry.reason(), retry.reason(), status.getState() == TaskState.TASK_ERROR
                    ? SchedulerMetrics.Ended.ERROR : SchedulerMetrics.Ended.LOST);
        } else if (outcome instanceof StatusInterpreter.Outcome.ExecutorDied died) {
            executorDied(r, died.status(), now);
        } else {
            registry.publish(r);
        }
    }

    /**
     * The executor ended under the attempt. How it ended (the FAILURE's wait status, the end of its stderr) is worth
     * more than the agent's "Executor terminated", so the task waits for the death's report (a few milliseconds; at
     * most {@link ExecutorDeaths#FAILURE_WAIT_MILLIS} and a read) before it is retried or fails with it.
     */
    private void executorDied(TaskRecord r, String status, Instant now) {
        if (r.started == null) {
            r.started = now; // the first (and only) update of a task that never reported running
        }
        registry.publish(r);
        int attempt = r.attempts;
        deaths.attemptDied(r.agentId, r.executorId, r.launched, death -> {
            if (r.phase.isTerminal() || r.attempts != attempt) {
                return; // cancelled (or the app stopped) meanwhile
            }
            String reason = status + "; " + death.details();
            if (death.failedToStart() && crashLoops.noAgentCanStart()) {
                fail(r, new TaskFailure(failedAfter(r) + crashLoops.whyNoAgent() + "; this attempt: " + reason),
                        SchedulerMetrics.Ended.ERROR);
            } else {
                retryOrFail(r, status + "; " + death.summary(), reason, SchedulerMetrics.Ended.LOST);
            }
        });
    }

    /**
     * Another attempt after a backoff, or the end if the task has had its retries.
     *
     * @param reason    what happened, in a line (the log and the task's view while it waits for its retry)
     * @param fullStory the same with every detail worth having (the failure of the task if it ends here)
     * @param ifLast    how the task ended, for {@link SchedulerMetrics#TASKS_ENDED}, if this was its last attempt
     */
    private void retryOrFail(TaskRecord r, String reason, String fullStory, SchedulerMetrics.Ended ifLast) {
        if (r.attempts > r.options.maxRetries()) {
            fail(r, new TaskFailure(failedAfter(r) + fullStory), ifLast);
            return;
        }
        long delay = backoff.delayMillis(r.attempts - 1);
        log.info("Task {} attempt {} did not complete ({}); retrying in {}", r.id, r.attempts, reason,
                HumanDuration.ofMillis(delay));
        metrics.retried();
        r.failure = "attempt " + r.attempts + ": " + reason;
        if (registry.moveTo(r, TaskPhase.QUEUED, Instant.now())) {
            r.queuedNanos = System.nanoTime();
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

    private static String failedAfter(TaskRecord r) {
        return r.attempts == 0 ? "task " + r.id + " was never launched: "
                : "task " + r.id + " failed after " + r.attempts + " attempt(s) (max retries " + r.options.maxRetries()
                + "): ";
    }

    /** {@code now}: when the update came, the task's end (and its start, if it never reported running). */
    private void succeed(TaskRecord r, Object value, String text, Instant now) {
        TaskTimeouts.cancel(r);
        if (r.started == null) {
            r.started = now; // a quick task's first update may be its last (no TASK_RUNNING)
        }
        r.result = text;
        r.failure = null;
        if (registry.moveTo(r, TaskPhase.SUCCEEDED, now)) {
            ended(r, SchedulerMetrics.Ended.FINISHED);
            completions.execute(() -> r.future.complete(value));
        }
    }

    private void fail(TaskRecord r, Throwable failure, SchedulerMetrics.Ended how) {
        TaskTimeouts.cancel(r);
        startedAtTheLatest(r);
        r.failure = FailureDetail.trace(failure);
        r.failureDetail = FailureDetail.of(failure);
        if (r.phase == TaskPhase.QUEUED) {
            room.left(r);
        }
        if (registry.moveTo(r, TaskPhase.FAILED, Instant.now())) {
            ended(r, how);
            completions.execute(() -> r.future.completeExceptionally(failure));
        }
    }

    /**
     * A task that fails after Mesos reported on its attempt started, at the latest, then: a finished task always has
     * its start, even when its first update was its last.
     */
    private static void startedAtTheLatest(TaskRecord r) {
        if (r.started == null && r.mesosState != null && r.phase != TaskPhase.QUEUED) {
            r.started = Instant.now();
        }
    }

    /**
     * No agent can start Ferry's executor now ({@link CrashLoops}): queued tasks would wait for nothing, so they fail
     * at once, saying why. Called after each batch while that lasts; tasks submitted meanwhile fail the same way.
     */
    void failQueued() {
        ExecutorDeath last = crashLoops.lastFailedStart();
        String why = crashLoops.whyNoAgent() + (last == null ? "" : "; the last start: " + last.details());
        for (TaskRecord r : new ArrayList<>(registry.live())) {
            if (r.phase == TaskPhase.QUEUED) {
                fail(r, new TaskFailure(failedAfter(r) + why), SchedulerMetrics.Ended.ERROR);
            }
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
        ended(r, SchedulerMetrics.Ended.KILLED);
        completions.execute(() -> r.future.cancel(true));
    }

    private void timedOut(TaskRecord r) {
        r.killCause = TaskRecord.KillCause.TIMED_OUT;
        kill(r);
        String limit = HumanDuration.of(r.options.timeout());
        fail(r, new TaskFailure("task " + r.id + " ran longer than its timeout of " + limit + " and was killed",
                new TimeoutException(limit)), SchedulerMetrics.Ended.TIMED_OUT);
    }

    /** The app stops: every live task fails now, so that no caller waits for ever. */
    void failAll() {
        for (TaskRecord r : new ArrayList<>(registry.live())) {
            if (!r.phase.isTerminal()) {
                fail(r, new TaskFailure("Ferry is shutting down; task " + r.id + " did not finish"),
                        SchedulerMetrics.Ended.ERROR);
            }
        }
    }

    /** Counted once per task, when its phase became final (the caller checked the move). */
    private void ended(TaskRecord r, SchedulerMetrics.Ended how) {
        metrics.ended(how, r.submittedNanos, r.launchedNanos, System.nanoTime());
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
