package io.ferry.local.master;

import io.ferry.local.protocol.Resources;
import io.ferry.local.protocol.Statuses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ACCEPT call on the master's loop (docs/mesos-notes.md §5): the offers must be outstanding, the framework's,
 * distinct and of one agent, else every task is LOST/DROPPED with REASON_INVALID_OFFERS; then each operation's
 * tasks are validated one at a time against what is left ({@link TaskValidator}), invalid ones get TASK_ERROR,
 * valid ones are recorded and sent to the agent.
 */
final class OfferAcceptance {

    private static final Logger log = LoggerFactory.getLogger(OfferAcceptance.class);

    private OfferAcceptance() {
    }

    /** The agent of the accepted offers and what the operations left of them. */
    record Result(AgentSlot agent, Resources unused) {
    }

    /**
     * Applies an ACCEPT.
     *
     * @return the agent and the resources left unused, or null if the offers were invalid
     */
    static Result apply(Framework framework, Call.Accept accept, OfferBook offers) {
        List<OutstandingOffer> accepted = new ArrayList<>();
        String invalid = null;
        Set<String> seen = new HashSet<>();
        for (OfferID id : accept.getOfferIdsList()) {
            OutstandingOffer offer = offers.get(id.getValue());
            if (!seen.add(id.getValue())) {
                invalid = "Duplicate offer " + id.getValue() + " in ACCEPT";
            } else if (offer == null || offer.framework() != framework) {
                invalid = "Offer " + id.getValue() + " is no longer valid";
            } else if (!accepted.isEmpty() && accepted.get(0).agent() != offer.agent()) {
                invalid = "Aggregated offers must belong to one single agent";
            } else {
                accepted.add(offer);
            }
        }
        if (accept.getOfferIdsCount() == 0) {
            invalid = "No offers specified";
        }
        for (OutstandingOffer offer : accepted) {
            offers.remove(offer);
        }
        if (invalid != null) {
            // §5: the valid offers go back (without a filter), every task is LOST/DROPPED, no uuid.
            TaskState state = framework.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
            for (TaskInfo task : tasksOf(accept)) {
                framework.sendUpdate(Statuses.fromMaster(task.getTaskId(), state,
                        TaskStatus.Reason.REASON_INVALID_OFFERS, "Task launched with invalid offers: " + invalid,
                        task.hasAgentId() ? task.getAgentId() : null));
            }
            return null;
        }
        AgentSlot agent = accepted.get(0).agent();
        Resources left = Resources.NONE;
        for (OutstandingOffer offer : accepted) {
            left = left.plus(offer.resources());
        }
        for (Offer.Operation op : accept.getOperationsList()) {
            switch (op.getType()) {
                case LAUNCH -> {
                    for (TaskInfo task : op.getLaunch().getTaskInfosList()) {
                        left = launch(framework, agent, task, left);
                    }
                }
                case LAUNCH_GROUP -> left = launchGroup(framework, agent, op.getLaunchGroup(), left);
                default -> log.debug("Ignoring {} operation of framework {}", op.getType(), framework.id());
            }
        }
        return new Result(agent, left);
    }

    private static List<TaskInfo> tasksOf(Call.Accept accept) {
        List<TaskInfo> tasks = new ArrayList<>();
        for (Offer.Operation op : accept.getOperationsList()) {
            tasks.addAll(op.getLaunch().getTaskInfosList());
            tasks.addAll(op.getLaunchGroup().getTaskGroup().getTasksList());
        }
        return tasks;
    }

    private static Resources launch(Framework framework, AgentSlot agent, TaskInfo task, Resources left) {
        AgentSlot.MasterExecutor existing = task.hasExecutor()
                ? agent.executor(framework.id(), task.getExecutor().getExecutorId().getValue()) : null;
        TaskValidator.Verdict verdict = TaskValidator.launch(framework.id, agent.id(), task,
                framework.tasks.keySet(), existing, left);
        if (!verdict.valid()) {
            framework.sendUpdate(Statuses.fromMaster(task.getTaskId(), TaskState.TASK_ERROR,
                    TaskStatus.Reason.REASON_TASK_INVALID, verdict.error(), agent.agentId));
            return left;
        }
        TaskInfo normalized = verdict.executor() == task.getExecutor() ? task
                : task.toBuilder().setExecutor(verdict.executor()).build();
        track(framework, agent, verdict, List.of(normalized));
        agent.agent.launch(framework.info, verdict.executor(), verdict.newExecutor(), List.of(normalized), false);
        return left.minus(verdict.needed());
    }

    private static Resources launchGroup(Framework framework, AgentSlot agent,
            Offer.Operation.LaunchGroup group, Resources left) {
        List<TaskInfo> tasks = group.getTaskGroup().getTasksList();
        AgentSlot.MasterExecutor existing = agent.executor(framework.id(),
                group.getExecutor().getExecutorId().getValue());
        TaskValidator.Verdict verdict = TaskValidator.launchGroup(framework.id, agent.id(), group.getExecutor(),
                tasks, framework.tasks.keySet(), existing, left);
        if (!verdict.valid()) {
            for (TaskInfo task : tasks) {
                framework.sendUpdate(Statuses.fromMaster(task.getTaskId(), TaskState.TASK_ERROR,
                        TaskStatus.Reason.REASON_TASK_GROUP_INVALID, verdict.error(), agent.agentId));
            }
            return left;
        }
        track(framework, agent, verdict, tasks);
        agent.agent.launch(framework.info, verdict.executor(), verdict.newExecutor(), tasks, true);
        return left.minus(verdict.needed());
    }

    private static void track(Framework framework, AgentSlot agent, TaskValidator.Verdict verdict, List<TaskInfo> tasks) {
        if (verdict.newExecutor()) {
            Resources executorResources = verdict.needed().minus(verdict.taskResources());
            agent.executors.computeIfAbsent(framework.id(), k -> new LinkedHashMap<>()).put(
                    verdict.executor().getExecutorId().getValue(),
                    new AgentSlot.MasterExecutor(verdict.executor(), executorResources));
        }
        for (TaskInfo task : tasks) {
            // One task's are what the validator added up; parsed again only for a LAUNCH of several.
            Resources resources = tasks.size() == 1 ? verdict.taskResources()
                    : Resources.parse(task.getResourcesList());
            framework.tasks.put(task.getTaskId().getValue(),
                    new MasterTask(task.getTaskId(), agent, verdict.executor().getExecutorId(), resources));
        }
        agent.used = agent.used.plus(verdict.needed());
        framework.allocated = framework.allocated.plus(verdict.needed());
    }

}
