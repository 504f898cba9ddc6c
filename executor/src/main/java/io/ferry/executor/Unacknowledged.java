package io.ferry.executor;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Call;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent has not confirmed yet ({@code docs/mesos-notes.md} §3.1, §3.3): status updates without their
 * {@code ACKNOWLEDGED}, and launched tasks none of whose updates was acknowledged. A resubscription lists both.
 * Kept in arrival order, so that a task's updates are listed in the order they were made. Thread-safe.
 *
 * <p>Tasks are kept by their id's value, not by {@code TaskID}: a generated message's {@code hashCode} hashes its
 * descriptor, and the first use of a descriptor of {@code mesos.proto} builds them all (about 100 ms of an
 * executor's cold start, for its first LAUNCH).
 */
final class Unacknowledged {

    private final Map<ByteString, Call.Update> updates = new LinkedHashMap<>();
    private final Map<String, TaskInfo> tasks = new LinkedHashMap<>();

    synchronized void addTask(TaskInfo task) {
        tasks.putIfAbsent(task.getTaskId().getValue(), task);
    }

    synchronized void addUpdate(Call.Update update) {
        updates.put(update.getStatus().getUuid(), update);
    }

    synchronized boolean contains(ByteString uuid) {
        return updates.containsKey(uuid);
    }

    /** Forgets the update {@code uuid}, and its task as an unacknowledged one; an unknown uuid changes nothing. */
    synchronized void acknowledge(TaskID taskId, ByteString uuid) {
        Call.Update update = updates.remove(uuid);
        if (update != null && update.getStatus().getTaskId().equals(taskId)) {
            tasks.remove(taskId.getValue());
        }
        if (updates.isEmpty()) {
            notifyAll();
        }
    }

    synchronized List<Call.Update> updates() {
        return new ArrayList<>(updates.values());
    }

    synchronized List<TaskInfo> tasks() {
        return new ArrayList<>(tasks.values());
    }

    /** Waits until every update is acknowledged, at most until {@code deadlineNanos} ({@link System#nanoTime()}). */
    synchronized boolean awaitNoUpdates(long deadlineNanos) throws InterruptedException {
        while (!updates.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
