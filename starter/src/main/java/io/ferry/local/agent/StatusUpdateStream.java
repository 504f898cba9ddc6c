package io.ferry.local.agent;

import com.google.protobuf.ByteString;
import io.ferry.local.loop.EventLoop;
import io.ferry.local.protocol.Statuses;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The status updates of one task on an agent, as Mesos' status update manager keeps them (docs/mesos-notes.md
 * §2.5): deduplicated by uuid, forwarded <em>one at a time</em> (the next only after the scheduler acknowledged
 * the previous one), and retransmitted with a doubling interval until acknowledged. Owned by the agent's loop.
 */
final class StatusUpdateStream {

    /** Where updates go: the master. {@code forward} is null when only the latest state changed. */
    interface Sink {
        void send(TaskStatus forward, TaskState latest);
    }

    private final EventLoop loop;
    private final Sink sink;
    private final Duration firstInterval;
    private final ArrayDeque<TaskStatus> pending = new ArrayDeque<>();
    private final Set<ByteString> received = new HashSet<>();
    private Duration interval;
    private ScheduledFuture<?> retry;
    private TaskState latest;
    private boolean terminalAcknowledged;
    private boolean closed;

    StatusUpdateStream(EventLoop loop, Duration firstInterval, Sink sink) {
        this.loop = loop;
        this.sink = sink;
        this.firstInterval = firstInterval;
        this.interval = firstInterval;
    }

    /**
     * Stores an update. Returns false for a duplicate (same uuid), which is not stored again.
     */
    boolean add(TaskStatus status) {
        if (closed || !received.add(status.getUuid())) {
            return false;
        }
        pending.add(status);
        latest = status.getState();
        if (pending.size() == 1) {
            interval = firstInterval;
            forwardHead();
        } else {
            sink.send(null, latest); // held back behind the unacknowledged one; the master learns the state
        }
        return true;
    }

    /** The scheduler's ACKNOWLEDGE. Returns whether it matched the update in flight. */
    boolean acknowledge(ByteString uuid) {
        TaskStatus head = pending.peek();
        if (head == null || !head.getUuid().equals(uuid)) {
            return false;
        }
        pending.poll();
        cancelRetry();
        if (Statuses.isTerminal(head.getState())) {
            terminalAcknowledged = true;
        }
        if (!pending.isEmpty()) {
            interval = firstInterval;
            forwardHead();
        }
        return true;
    }

    /** Sends the update in flight again now, e.g. when its framework resubscribed. */
    void resend() {
        if (!pending.isEmpty()) {
            cancelRetry();
            interval = firstInterval;
            forwardHead();
        }
    }

    /** The newest state stored, or null before the first update. */
    TaskState latest() {
        return latest;
    }

    /** Whether the terminal update was acknowledged and nothing is left: the task can be forgotten. */
    boolean finished() {
        return terminalAcknowledged && pending.isEmpty();
    }

    int unacknowledged() {
        return pending.size();
    }

    void close() {
        closed = true;
        cancelRetry();
        pending.clear();
    }

    private void forwardHead() {
        sink.send(pending.peek(), latest);
        retry = loop.schedule(this::retransmit, interval);
    }

    private void retransmit() {
        if (closed || pending.isEmpty()) {
            return;
        }
        Duration doubled = interval.multipliedBy(2);
        interval = doubled.compareTo(AgentSettings.STATUS_UPDATE_RETRY_MAX) > 0
                ? AgentSettings.STATUS_UPDATE_RETRY_MAX : doubled;
        forwardHead();
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }
}
