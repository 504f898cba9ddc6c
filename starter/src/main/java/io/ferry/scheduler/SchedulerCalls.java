package io.ferry.scheduler;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Builds the scheduler calls Ferry sends (docs/mesos-notes.md §2.1). Pure functions of their arguments, so that what
 * goes on the wire can be tested without a master.
 */
final class SchedulerCalls {

    private SchedulerCalls() {
    }

    /** First subscribe (no id) or resubscribe (framework id set on both the call and the FrameworkInfo). */
    static Call subscribe(FrameworkInfo info) {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (info.hasId()) {
            call.setFrameworkId(info.getId());
        }
        return call.build();
    }

    /** One ACCEPT launching {@code tasks} on the offers of one agent; unused resources are declined with the filter. */
    static Call accept(FrameworkID id, Collection<OfferID> offers, List<TaskInfo> tasks, double refuseSeconds) {
        Offer.Operation launch = Offer.Operation.newBuilder()
                .setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks))
                .build();
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.ACCEPT)
                .setAccept(Call.Accept.newBuilder().addAllOfferIds(offers).addOperations(launch)
                        .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds)))
                .build();
    }

    static Call decline(FrameworkID id, Collection<OfferID> offers, double refuseSeconds) {
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.DECLINE)
                .setDecline(Call.Decline.newBuilder().addAllOfferIds(offers)
                        .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds)))
                .build();
    }

    static Call acknowledge(FrameworkID id, AgentID agent, TaskID task, ByteString uuid) {
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.ACKNOWLEDGE)
                .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(agent).setTaskId(task).setUuid(uuid))
                .build();
    }

    static Call kill(FrameworkID id, TaskID task, AgentID agent) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(task);
        if (agent != null) {
            kill.setAgentId(agent);
        }
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.KILL).setKill(kill).build();
    }

    static Call shutdown(FrameworkID id, ExecutorID executor, AgentID agent) {
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.SHUTDOWN)
                .setShutdown(Call.Shutdown.newBuilder().setExecutorId(executor).setAgentId(agent))
                .build();
    }

    /** REVIVE for all of the framework's roles: clears decline filters and un-suppresses. */
    static Call revive(FrameworkID id) {
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.REVIVE)
                .setRevive(Call.Revive.getDefaultInstance()).build();
    }

    /** SUPPRESS for all of the framework's roles: no offers until REVIVE; updates keep coming. */
    static Call suppress(FrameworkID id) {
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.SUPPRESS)
                .setSuppress(Call.Suppress.getDefaultInstance()).build();
    }

    /** Explicit reconciliation of {@code tasks} (task id → agent id, agent may be null); empty = implicit. */
    static Call reconcile(FrameworkID id, Collection<Call.Reconcile.Task> tasks) {
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.RECONCILE)
                .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)).build();
    }

    /** One task of an explicit reconciliation; {@code agentId} may be null (docs/mesos-notes.md §8). */
    static Call.Reconcile.Task reconcileTask(String mesosTaskId, String agentId) {
        Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(mesosTaskId));
        if (agentId != null) {
            t.setAgentId(AgentID.newBuilder().setValue(agentId));
        }
        return t.build();
    }

    static Call teardown(FrameworkID id) {
        return Call.newBuilder().setFrameworkId(id).setType(Call.Type.TEARDOWN).build();
    }
}
