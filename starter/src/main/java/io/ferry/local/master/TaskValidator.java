package io.ferry.local.master;

import io.ferry.local.protocol.Resources;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Validation of the tasks of an ACCEPT, one at a time against what is left of the offers (docs/mesos-notes.md §4, §5).
 * Pure: the caller passes what the master knows and applies the result.
 */
final class TaskValidator {

    private TaskValidator() {
    }

    /**
     * What launching a task or task group takes: its resources, plus the executor's if the executor is new on the
     * agent; or why it cannot launch.
     *
     * @param executor    the ExecutorInfo with {@code framework_id} filled in, as the agent gets it
     * @param newExecutor whether the executor is not yet on the agent (its resources are charged now)
     * @param taskResources the tasks' own resources
     * @param needed      task resources, plus the executor's when new
     */
    record Verdict(String error, ExecutorInfo executor, boolean newExecutor, Resources taskResources,
            Resources needed) {

        static Verdict invalid(String error) {
            return new Verdict(error, null, false, null, null);
        }

        boolean valid() {
            return error == null;
        }
    }

    /** Mesos' id rules for task and executor ids (§4). Returns the problem, or null. */
    static String checkId(String kind, String id) {
        if (id.isEmpty()) {
            return kind + " ID must not be empty";
        }
        if (id.length() > 255) {
            return kind + " ID must not be longer than 255 characters";
        }
        if (id.equals(".") || id.equals("..")) {
            return kind + " ID must not be '.' or '..'";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return kind + " ID '" + id + "' contains control characters";
            }
            if (c == '/' || c == '\\') {
                return kind + " ID '" + id + "' contains a path separator";
            }
        }
        return null;
    }

    /**
     * A task of a LAUNCH operation.
     *
     * @param liveTaskIds the framework's tasks the master tracks, including those launched earlier in this ACCEPT
     * @param existing    the executor the master knows on the agent under the task's executor id, or null
     * @param left        what is left of the accepted offers
     */
    static Verdict launch(FrameworkID frameworkId, String agentId, TaskInfo task, Set<String> liveTaskIds,
            AgentSlot.MasterExecutor existing, Resources left) {
        String problem = checkTask(agentId, task, liveTaskIds);
        if (problem != null) {
            return Verdict.invalid(problem);
        }
        if (task.hasExecutor() == task.hasCommand()) {
            return Verdict.invalid("Task should have at least one (but not both) of CommandInfo or ExecutorInfo "
                    + "present");
        }
        if (!task.hasExecutor()) {
            // A real agent would start mesos-executor for it; the local cluster has no command executor.
            return Verdict.invalid("Command tasks are not supported by the local cluster: set TaskInfo.executor");
        }
        if (task.getExecutor().hasType() && task.getExecutor().getType() != ExecutorInfo.Type.CUSTOM) {
            return Verdict.invalid("Task's executor must be of type CUSTOM (or unset) for a LAUNCH operation");
        }
        return withExecutor(frameworkId, task.getExecutor(), List.of(task), existing, left);
    }

    /** The tasks of a LAUNCH_GROUP operation: all of them launch, or none does. */
    static Verdict launchGroup(FrameworkID frameworkId, String agentId, ExecutorInfo executor, List<TaskInfo> tasks,
            Set<String> liveTaskIds, AgentSlot.MasterExecutor existing, Resources left) {
        if (tasks.isEmpty()) {
            return Verdict.invalid("Task group must contain at least one task");
        }
        if (!executor.hasType()) {
            return Verdict.invalid("'ExecutorInfo.type' must be set");
        }
        java.util.HashSet<String> seen = new java.util.HashSet<>();
        for (TaskInfo task : tasks) {
            String problem = checkTask(agentId, task, liveTaskIds);
            if (problem == null && !seen.add(task.getTaskId().getValue())) {
                problem = "Task has duplicate ID: " + task.getTaskId().getValue();
            }
            if (problem == null && task.hasExecutor()) {
                problem = "'TaskInfo.executor' must not be set for a task in a task group";
            }
            if (problem != null) {
                return Verdict.invalid("Task '" + task.getTaskId().getValue() + "' is invalid: " + problem);
            }
        }
        return withExecutor(frameworkId, executor, tasks, existing, left);
    }

    private static String checkTask(String agentId, TaskInfo task, Set<String> liveTaskIds) {
        String problem = checkId("Task", task.getTaskId().getValue());
        if (problem != null) {
            return problem;
        }
        if (liveTaskIds.contains(task.getTaskId().getValue())) {
            return "Task has duplicate ID: " + task.getTaskId().getValue();
        }
        if (!task.getAgentId().getValue().equals(agentId)) {
            return "Task uses agent ID " + task.getAgentId().getValue() + " which does not match offer's agent ID "
                    + agentId;
        }
        if (task.getResourcesCount() == 0) {
            return "Task uses no resources";
        }
        return null;
    }

    private static Verdict withExecutor(FrameworkID frameworkId, ExecutorInfo given, List<TaskInfo> tasks,
            AgentSlot.MasterExecutor existing, Resources left) {
        if (given.hasFrameworkId() && !given.getFrameworkId().equals(frameworkId)) {
            return Verdict.invalid("ExecutorInfo has an invalid FrameworkID (Actual: "
                    + given.getFrameworkId().getValue() + " vs Expected: " + frameworkId.getValue() + ")");
        }
        String problem = checkId("Executor", given.getExecutorId().getValue());
        if (problem != null) {
            return Verdict.invalid(problem);
        }
        if (!given.hasCommand()) {
            return Verdict.invalid("Executor must have a CommandInfo (the local cluster has no default executor)");
        }
        // Schedulers that set the framework id (Ferry does) spare a copy of the ExecutorInfo per task.
        ExecutorInfo executor = given.hasFrameworkId() ? given : given.toBuilder().setFrameworkId(frameworkId).build();
        if (existing != null && !existing.sameInfo(executor)) {
            // Executor identity rule (§4): one ExecutorInfo per executor id per agent.
            return Verdict.invalid("ExecutorInfo is not compatible with ExecutorInfo of existing executor "
                    + executor.getExecutorId().getValue());
        }
        Resources taskResources = Resources.NONE;
        Resources executorResources;
        try {
            for (TaskInfo task : tasks) {
                taskResources = taskResources.plus(Resources.parse(task.getResourcesList()));
            }
            // A running executor's are known (its info is equal, checked above).
            executorResources = existing != null ? existing.resources() : Resources.parse(executor.getResourcesList());
        } catch (IllegalArgumentException e) {
            return Verdict.invalid("Task uses invalid resources: " + e.getMessage());
        }
        Resources needed = existing == null ? taskResources.plus(executorResources) : taskResources;
        if (!left.contains(needed)) {
            return Verdict.invalid("Task uses more resources " + needed + " than available " + left);
        }
        return new Verdict(null, executor, existing == null, taskResources, needed);
    }
}
