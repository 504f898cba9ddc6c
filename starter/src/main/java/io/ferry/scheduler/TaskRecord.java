package io.ferry.scheduler;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The scheduler's own, mutable record of one task. Owned by the scheduler's loop thread: nothing else reads or
 * writes it; others read the {@link TaskView}s it publishes.
 */
final class TaskRecord {

    /** Status updates kept per task: the last ones, which say how it ended; the count says how many came in all. */
    static final int MAX_UPDATES = 16;
    /** Attempts whose place is kept: the last ones (a task is retried a few times at most). */
    static final int MAX_PLACES = 16;

    final String id;
    final TaskOptions options;
    final CompletableFuture<Object> future;
    final Instant submitted;
    /**
     * System.nanoTime of the submission, of the latest time it was queued (its submission, or a retry's requeue)
     * and of its latest launch (0: never launched): what the timers of {@link SchedulerMetrics} measure from,
     * without an Instant or a Duration per task.
     */
    final long submittedNanos;
    long queuedNanos;
    long launchedNanos;
    /**
     * The serialized task, in small pieces (see JavaSerialization#serializeToByteString), shared with the TaskInfo of
     * every attempt without a copy. Kept while the task may still be launched again (a retry); dropped once the
     * task is final, so history holds no payloads.
     */
    ByteString payload;

    TaskPhase phase = TaskPhase.QUEUED;
    /** The phase its published view is counted in ({@code TaskRegistry}); null until the loop published it. */
    TaskPhase countedPhase;
    /**
     * Queued and not backing off before a retry: in the registry's ready line, where offers are packed from (see
     * {@code TaskRegistry.Place}).
     */
    boolean ready;
    int readyGeneration;
    /**
     * Holds one unit of the queue's room ({@code ferry.queue.capacity}) from its submission until it leaves the
     * queue for the first time (launched or ended); a retry is queued again without room.
     */
    boolean holdsRoom;
    String mesosState;
    int attempts;
    String mesosTaskId;
    /** The task bytes this record counts as in flight ({@code TaskRegistry}): from launch until the attempt ends. */
    long bytesInFlight;
    String agentId;
    String executorId;
    Instant launched;
    Instant started;
    Instant finished;
    String result;
    /** The failure's stack trace with causes ({@link FailureDetail#trace}), or why the last attempt is retried. */
    String failure;
    FailureDetail failureDetail;
    /**
     * The last {@value #MAX_UPDATES} status updates, oldest first: an immutable list, replaced (never changed) on
     * each update, so that every published view shares it without a copy.
     */
    List<StatusUpdate> updates = List.of();
    int updateCount;
    /**
     * Where each attempt ran, oldest first, the last {@value #MAX_PLACES}: an immutable list, replaced on each
     * change, as {@link #updates}.
     */
    List<AttemptPlace> places = List.of();
    /** The current attempt's timeout timer; cancelled when the attempt or the task ends. */
    java.util.concurrent.ScheduledFuture<?> timeout;
    /** Why the task is being killed (cancel, timeout), so that TASK_KILLED is read the right way. */
    KillCause killCause;

    enum KillCause { CANCELLED, TIMED_OUT }

    TaskRecord(String id, TaskOptions options, ByteString payload, CompletableFuture<Object> future,
               Instant submitted) {
        this.id = id;
        this.options = options;
        this.payload = payload;
        this.future = future;
        this.submitted = submitted;
        this.submittedNanos = System.nanoTime();
        this.queuedNanos = submittedNanos;
    }

    /** Mesos task id of attempt {@code n}: a fresh id per attempt, so a late update of an old one is recognised. */
    String mesosIdFor(int attempt) {
        return mesosId(id, attempt);
    }

    /** Mesos task id of attempt {@code attempt} of task {@code id}. */
    static String mesosId(String id, int attempt) {
        return id + "." + attempt;
    }

    /** Keeps {@code update}, dropping the oldest kept one when there are {@value #MAX_UPDATES} already. */
    void recordUpdate(StatusUpdate update) {
        int keep = Math.min(updates.size(), MAX_UPDATES - 1);
        StatusUpdate[] next = new StatusUpdate[keep + 1];
        for (int i = 0; i < keep; i++) {
            next[i] = updates.get(updates.size() - keep + i);
        }
        next[keep] = update;
        updates = List.of(next);
        updateCount++;
    }

    /** Keeps where an attempt ran, replacing what was known of that attempt. */
    void ranIn(AttemptPlace place) {
        List<AttemptPlace> next = new ArrayList<>(places.size() + 1);
        for (AttemptPlace p : places) {
            if (p.attempt() != place.attempt()) {
                next.add(p);
            }
        }
        next.add(place);
        next.sort(Comparator.comparingInt(AttemptPlace::attempt));
        places = List.copyOf(next.subList(Math.max(0, next.size() - MAX_PLACES), next.size()));
    }

    /** Where attempt {@code attempt} ran, or null when that is not kept. */
    AttemptPlace placeOf(int attempt) {
        for (AttemptPlace p : places) {
            if (p.attempt() == attempt) {
                return p;
            }
        }
        return null;
    }

    /** Forgets an attempt that never happened (the master did not take its launch). */
    void forgetAttempt(int attempt) {
        places = places.stream().filter(p -> p.attempt() != attempt).toList();
    }

    TaskView view() {
        return new TaskView(id, options.name(), phase, mesosState, agentId, executorId, attempts, submitted, launched,
                started, finished, result, failure, failureDetail, options.labels(), updates, updateCount, options, places);
    }
}
