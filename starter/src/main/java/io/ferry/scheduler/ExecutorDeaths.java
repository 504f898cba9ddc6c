package io.ferry.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pieces together each executor death ({@link ExecutorDeath}) from what arrives in no guaranteed order
 * (docs/mesos-notes.md §2.3): the master's FAILURE with the wait status, and the agent's terminal updates of the
 * tasks it took with it. The first of them opens the report and starts reading the end of the executor's stderr
 * through the agent; the report is done once the FAILURE came (or {@link #FAILURE_WAIT_MILLIS} passed) and the read
 * answered. Then it is logged once, and everyone waiting for it hears of it: the tasks, and the crash-loop
 * bookkeeping. Only executor deaths cost anything here; a task that succeeds never comes by. Owned by the loop.
 */
final class ExecutorDeaths {

    private static final Logger log = LoggerFactory.getLogger(ExecutorDeaths.class);
    /** How long a report opened by a task's update waits for the FAILURE that says how the executor ended. */
    static final long FAILURE_WAIT_MILLIS = 5_000;

    /** Where the scheduler finds the executor's sandbox and the framework id, read when a report opens. */
    interface Places {
        ExecutorPlace on(String agentId);

        String agentEndpoint(String agentId);

        FrameworkID frameworkId();
    }

    /** A death being pieced together; the latest per agent and executor id is kept for late updates. */
    private final class Report {
        final String agentId;
        final String executorId;
        final Instant heard = Instant.now();
        final boolean saidHello;
        final String stderrPath;
        final String endpoint;
        WaitStatus status = new WaitStatus(-1);
        /** A FAILURE was matched to this report, or the wait for one ended: later ones open new reports. */
        boolean failureClosed;
        StderrTail.Tail tail;
        ExecutorDeath done;
        ScheduledFuture<?> failureTimer;
        final List<Consumer<ExecutorDeath>> waiting = new ArrayList<>();

        Report(String agentId, String executorId) {
            this.agentId = agentId;
            this.executorId = executorId;
            ExecutorPlace place = places.on(agentId);
            // The executor's hello said where its sandbox is. A run that never said hello (it did not start, or
            // died before it subscribed) is found by the agent's virtual path of the newest run (§7).
            saidHello = place != null && place.running() && place.executorId().equals(executorId);
            FrameworkID framework = places.frameworkId();
            stderrPath = saidHello ? place.directory() + "/stderr"
                    : framework == null ? null : "/frameworks/" + framework.getValue() + "/executors/" + executorId
                    + "/runs/latest/stderr";
            endpoint = place != null ? place.agentEndpoint() : places.agentEndpoint(agentId);
        }
    }

    private final Places places;
    private final StderrTail stderr;
    private final SchedulerLoop loop;
    private final ScheduledExecutorService timer;
    private final Consumer<ExecutorDeath> reported;
    private final Map<String, Report> latest = new HashMap<>();

    /** @param reported hears of every death once, after it is logged (the crash-loop bookkeeping) */
    ExecutorDeaths(Places places, StderrTail stderr, SchedulerLoop loop, ScheduledExecutorService timer,
                   Consumer<ExecutorDeath> reported) {
        this.places = places;
        this.stderr = stderr;
        this.loop = loop;
        this.timer = timer;
        this.reported = reported;
    }

    /**
     * A FAILURE event of an executor: the wait status of a report a task's update opened, or a new report. Called
     * before {@link ExecutorDirectory#failed} marks the executor exited, so a run that said hello is known as such.
     */
    void failure(Event.Failure failure) {
        String agentId = failure.getAgentId().getValue();
        String executorId = failure.getExecutorId().getValue();
        WaitStatus status = new WaitStatus(failure.hasStatus() ? failure.getStatus() : -1);
        Report r = latest.get(key(agentId, executorId));
        if (r == null || r.failureClosed) {
            // An executor that shut down as asked has nothing to explain: its stderr is not read.
            r = open(agentId, executorId, !status.clean());
        }
        r.failureClosed = true;
        if (r.failureTimer != null) {
            r.failureTimer.cancel(false);
        }
        r.status = status;
        maybeDone(r);
    }

    /**
     * A task's attempt ended with its executor (launched at {@code launched} on {@code agentId}): {@code then} hears
     * of the death once it is reported, at once if it already was. A death heard of before the launch was another
     * run's: this one gets a report of its own.
     */
    void attemptDied(String agentId, String executorId, Instant launched, Consumer<ExecutorDeath> then) {
        Report r = latest.get(key(agentId, executorId));
        if (r == null || launched == null || launched.isAfter(r.heard)) {
            r = open(agentId, executorId, true);
            Report opened = r;
            r.failureTimer = timer.schedule(() -> loop.post(() -> {
                opened.failureClosed = true;
                maybeDone(opened);
            }), FAILURE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (r.done != null) {
            then.accept(r.done);
        } else {
            r.waiting.add(then);
        }
    }

    private Report open(String agentId, String executorId, boolean readStderr) {
        Report r = new Report(agentId, executorId);
        latest.put(key(agentId, executorId), r);
        if (!readStderr) {
            r.tail = StderrTail.Tail.failed("not read");
        } else if (r.stderrPath == null || r.endpoint == null) {
            r.tail = StderrTail.Tail.failed(r.endpoint == null ? "the agent's address is unknown"
                    : "the framework id is unknown");
        } else {
            stderr.read(r.endpoint, r.stderrPath).thenAccept(tail -> loop.post(() -> {
                if (r.tail == null) {
                    r.tail = tail;
                }
                maybeDone(r);
            }));
        }
        return r;
    }

    private void maybeDone(Report r) {
        if (r.done != null || !r.failureClosed || r.tail == null) {
            return;
        }
        ExecutorDeath death = new ExecutorDeath(r.agentId, r.executorId, r.status, r.saidHello, r.stderrPath,
                r.endpoint, r.tail.lines(), r.tail.problem(), r.heard);
        r.done = death;
        if (death.status().clean()) {
            log.info("Executor {} on agent {} {}", r.executorId, r.agentId, r.status.describe());
        } else {
            log.warn("{}", capitalized(death.details()));
        }
        reported.accept(death);
        for (Consumer<ExecutorDeath> waiter : r.waiting) {
            waiter.accept(death);
        }
        r.waiting.clear();
    }

    /** The master removed the agent: nothing more will come of its executors. */
    void agentRemoved(String agentId) {
        latest.values().removeIf(r -> r.agentId.equals(agentId) && r.done != null);
    }

    private static String key(String agentId, String executorId) {
        return agentId + "/" + executorId;
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
