package io.ferry.scheduler;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every task the scheduler knows: live records (owned by the loop thread), the ready line (queued tasks that are not
 * backing off before a retry, in the order offers take them), and the published {@link TaskView}s that other threads read, with a bounded history of finished tasks.
 */
final class TaskRegistry {

    private final Map<String, TaskRecord> live = new HashMap<>();
    private final Map<String, TaskRecord> byMesosId = new HashMap<>();
    /** Ready tasks, oldest first. A record that stopped being ready meanwhile is skipped lazily. */
    private final ArrayDeque<Place> readyLine = new ArrayDeque<>();
    private final ConcurrentHashMap<String, TaskView> views = new ConcurrentHashMap<>();
    private final ArrayDeque<String> history = new ArrayDeque<>();
    private final int historySize;
    private int readyCount;
    /** Task bytes of the attempts launched and not ended (see {@link ByteAdmission}). */
    private long bytesInFlight;
    private long peakBytesInFlight;
    /** Records moved through this registry by phase (terminal ones count up for ever; only the others are read). */
    private final int[] inPhase = new int[TaskPhase.values().length];
    /** The published views by phase: what a pass over {@link #views} would count, without the pass. */
    private final PhaseCounts published = new PhaseCounts();
    /** The feed of changed views, once a reader opened it ({@link #openChanges}); null until then. */
    private volatile TaskChanges changes;

    TaskRegistry(int historySize) {
        this.historySize = historySize;
    }

    void add(TaskRecord record) {
        live.put(record.id, record);
        inPhase[record.phase.ordinal()]++;
        makeReady(record);
    }

    /** Puts a QUEUED record (new, or retried after its backoff) at the end of the ready line. */
    void makeReady(TaskRecord record) {
        if (record.ready) {
            return;
        }
        record.ready = true;
        record.readyGeneration++;
        readyLine.addLast(new Place(record, record.readyGeneration));
        readyCount++;
        publish(record);
    }

    /**
     * A place in the ready line. A record that left it (launched, cancelled) and came back (a retry) has a new
     * generation, so its old place is recognised as stale and skipped: it can never be launched twice.
     */
    private record Place(TaskRecord record, int generation) {
        boolean current() {
            return record.ready && record.readyGeneration == generation;
        }
    }

    /** Up to {@code max} ready tasks, oldest first. */
    List<TaskRecord> peekReady(int max) {
        List<TaskRecord> out = new ArrayList<>(Math.min(max, readyCount));
        for (Iterator<Place> it = readyLine.iterator(); it.hasNext() && out.size() < max; ) {
            Place place = it.next();
            if (place.current()) {
                out.add(place.record());
            } else {
                it.remove();
            }
        }
        return out;
    }

    /** Queued tasks that are not backing off: what the next packing round may launch. */
    int readyCount() {
        return readyCount;
    }

    TaskRecord get(String id) {
        return live.get(id);
    }

    TaskRecord byMesosId(String mesosTaskId) {
        return byMesosId.get(mesosTaskId);
    }

    Collection<TaskRecord> live() {
        return live.values();
    }

    /**
     * Moves {@code record} to {@code phase} if that move is legal.
     *
     * @return false when the move is not allowed (a late or repeated update); nothing changes then
     */
    boolean moveTo(TaskRecord record, TaskPhase phase, Instant now) {
        if (!record.phase.canMoveTo(phase)) {
            return false;
        }
        if (record.ready) {
            record.ready = false;
            readyCount--;
        }
        inPhase[record.phase.ordinal()]--;
        inPhase[phase.ordinal()]++;
        record.phase = phase;
        if (phase == TaskPhase.QUEUED || phase.isTerminal()) {
            // Queued again for a retry, or final (an attempt may still run on its agent after a timeout or a
            // cancel, but nothing here waits for it): either way its bytes no longer count.
            landed(record);
        }
        if (phase.isTerminal()) {
            record.finished = now;
            record.payload = null;
            if (record.mesosTaskId == null || byMesosId.get(record.mesosTaskId) != record) {
                live.remove(record.id);
            }
            remember(record.id);
        }
        publish(record);
        return true;
    }

    /** Records the Mesos task id of a new attempt; its task bytes count as in flight until it ends. */
    void attemptLaunched(TaskRecord record, String mesosTaskId) {
        if (record.mesosTaskId != null) {
            byMesosId.remove(record.mesosTaskId);
        }
        record.mesosTaskId = mesosTaskId;
        byMesosId.put(mesosTaskId, record);
        landed(record);
        record.bytesInFlight = record.payload.size();
        bytesInFlight += record.bytesInFlight;
        peakBytesInFlight = Math.max(peakBytesInFlight, bytesInFlight);
    }

    /** The attempt's terminal Mesos update arrived (or it never launched): the id will not be heard of again. */
    void attemptEnded(TaskRecord record) {
        if (record.mesosTaskId != null) {
            byMesosId.remove(record.mesosTaskId);
        }
        landed(record);
        if (record.phase.isTerminal()) {
            live.remove(record.id);
        }
    }

    /** The record's bytes stop counting as in flight; safe to call more than once. */
    private void landed(TaskRecord record) {
        bytesInFlight -= record.bytesInFlight;
        record.bytesInFlight = 0;
    }

    /** Tasks launched and not ended: LAUNCHED or RUNNING. */
    int running() {
        return inPhase[TaskPhase.LAUNCHED.ordinal()] + inPhase[TaskPhase.RUNNING.ordinal()];
    }

    long bytesInFlight() {
        return bytesInFlight;
    }

    /** The most task bytes that were in flight at once. */
    long peakBytesInFlight() {
        return peakBytesInFlight;
    }

    /** A task of an earlier run that nobody waits for: it was killed, and is kept in history so operators see it. */
    void recordOrphan(String mesosTaskId, String agentId, String executorId, StatusUpdate update, Instant now) {
        TaskView view = new TaskView(mesosTaskId, "orphan", TaskPhase.CANCELLED, update.state(), agentId, executorId,
                0, now, null, null, now, null, "orphaned: launched by an earlier run of this app, no caller waits"
                + " for it; killed", null, Map.of(), List.of(update), 1, null, List.of());
        TaskView previous = views.put(mesosTaskId, view);
        published.moved(previous == null ? null : previous.phase(), TaskPhase.CANCELLED);
        changed(mesosTaskId);
        remember(mesosTaskId);
    }

    /**
     * Thread-safe: publishes the first view of a record that the loop has not seen yet. Neither counted nor fed:
     * the loop publishes the record again when it takes it ({@link #add}), and that view is.
     */
    void publishNew(TaskRecord record) {
        views.put(record.id, record.view());
    }

    void publish(TaskRecord record) {
        TaskView previous = views.put(record.id, record.view());
        // No previous view: the task is new, or back after it left the history (a late update of an ended task).
        counted(record, previous != null);
        changed(record.id);
    }

    /** Publishes the record's view again if one is published: a task gone from history stays gone. */
    void republish(TaskRecord record) {
        if (views.computeIfPresent(record.id, (id, view) -> record.view()) != null) {
            counted(record, true);
            changed(record.id);
        }
    }

    /** The record's view (just put) now counts in its phase. */
    private void counted(TaskRecord record, boolean wasThere) {
        TaskPhase from = wasThere ? record.countedPhase : null;
        if (from != record.phase) {
            published.moved(from, record.phase);
        }
        record.countedPhase = record.phase;
    }

    private void remember(String id) {
        history.addLast(id);
        while (history.size() > historySize) {
            String old = history.removeFirst();
            TaskView view = views.get(old);
            if (view != null && view.phase().isTerminal()) {
                views.remove(old);
                published.moved(view.phase(), null);
                changed(old);
            }
        }
    }

    /** Feeds the change to the reader, if one opened the feed. O(1), never blocks (see {@link TaskChanges}). */
    private void changed(String id) {
        TaskChanges feed = changes;
        if (feed != null) {
            feed.changed(id);
        }
    }

    /**
     * Thread-safe: opens the feed of changed views, for its one reader. Its first drain says to look at every task
     * (what changed before it opened is not in it).
     *
     * @throws IllegalStateException when it is open already: a second reader would take the first one's changes
     */
    synchronized TaskChanges openChanges(int capacity) {
        if (changes != null) {
            throw new IllegalStateException("the task change feed has one reader, and it has it already");
        }
        changes = new TaskChanges(capacity);
        return changes;
    }

    /** Thread-safe: the published views by phase, every phase present. */
    Map<TaskPhase, Integer> publishedByPhase() {
        return published.snapshot();
    }

    /** Thread-safe: the published views. */
    Map<String, TaskView> views() {
        return views;
    }
}
