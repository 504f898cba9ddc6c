package io.ferry.web.executors;

import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.SchedulerState;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The executor runs the scheduler published: the latest on each agent and the ones newer runs replaced, with the
 * tasks running in each, read fresh on every request.
 */
@Component
class ExecutorRuns {

    private final FerryScheduler scheduler;

    ExecutorRuns(FerryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Running ones first, then the newest. */
    List<ExecutorRun> all() {
        SchedulerState state = scheduler.state();
        Map<String, Integer> running = runningTasks();
        List<ExecutorRun> runs = new ArrayList<>();
        for (ExecutorPlace place : state.executors()) {
            runs.add(run(place, place.running() ? running.getOrDefault(key(place), 0) : 0));
        }
        for (ExecutorPlace place : state.previousExecutors()) {
            runs.add(run(place, 0));
        }
        runs.sort((a, b) -> a.running() != b.running() ? (a.running() ? -1 : 1)
                : b.started().compareTo(a.started()));
        return runs;
    }

    Optional<ExecutorRun> find(String id) {
        return all().stream().filter(run -> run.id().equals(id)).findFirst();
    }

    /** The newest run of the executor {@code executorId} (on the agent {@code agentId}, unless null): running first. */
    Optional<ExecutorRun> newestOf(String executorId, String agentId) {
        return all().stream().filter(run -> run.executorId().equals(executorId)
                && (agentId == null || run.agentId().equals(agentId))).findFirst();
    }

    /**
     * Tasks launched and not ended, by agent and executor: they run in the executor running there now (the runs
     * before it ended, and took their tasks with them).
     */
    private Map<String, Integer> runningTasks() {
        Map<String, Integer> counts = new HashMap<>();
        for (TaskView task : scheduler.tasks()) {
            if ((task.phase() == TaskPhase.LAUNCHED || task.phase() == TaskPhase.RUNNING) && task.agentId() != null) {
                counts.merge(task.agentId() + "/" + task.executorId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String key(ExecutorPlace place) {
        return place.agentId() + "/" + place.executorId();
    }

    private static ExecutorRun run(ExecutorPlace place, int tasksRunning) {
        return new ExecutorRun(id(place), place.executorId(), place.agentId(), place.agentEndpoint(),
                place.directory(), place.pid(), place.since(), place.ended(), place.running(),
                place.running() ? "running" : place.exit() != null ? place.exit()
                        : "ended; a newer run replaced it before its end was reported",
                place.exitStatus(), place.tasksLaunched(), tasksRunning);
    }

    /**
     * The container id, the last segment of a Mesos sandbox ({@code …/runs/<container id>}): unique (a UUID), and
     * what the agent's own pages call the run. A sandbox of another shape gets a digest of agent and directory.
     */
    static String id(ExecutorPlace place) {
        String dir = place.directory().replaceAll("/+$", "");
        int slash = dir.lastIndexOf('/');
        String last = dir.substring(slash + 1);
        if (slash > 0 && dir.substring(0, slash).endsWith("/runs") && last.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")
                && !last.equals("latest")) {
            return last;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((place.agentId() + "\n" + dir).getBytes(StandardCharsets.UTF_8));
            return "run-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
