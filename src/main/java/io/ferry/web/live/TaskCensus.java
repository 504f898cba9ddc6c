package io.ferry.web.live;

import io.ferry.api.TaskService;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskChanges;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the publisher knows of the tasks, kept from the scheduler's feed of changed tasks ({@link TaskChanges}): each
 * round looks only at the tasks that changed since the last one, so it costs O(changes) and not a pass over the
 * history (100,000 tasks took 68 ms a round that way). The phase counts are the scheduler's own, kept as it moves
 * the tasks. One pass over every task is still made when the changes are not known: the first round, a feed that
 * overflowed (the publisher was too slow for the scheduler), or too few recent rows left ({@link RecentRows});
 * each is counted in {@value #PASSES}, by reason. Not thread-safe: the publisher thread's.
 */
final class TaskCensus {

    /** Rounds that looked at every task, tagged {@code reason}: {@code start}, {@code overflow}, {@code recent}. */
    static final String PASSES = "ferry.dashboard.publish.passes";
    /** Recent rows kept: four screenfuls, so that a row lost now and then does not cost a pass (see RecentRows). */
    static final int RECENT_KEPT = 4 * LiveSnapshots.RECENT_TASKS;

    private final FerryScheduler scheduler;
    private final TaskService tasks;
    private final TaskChanges feed;
    private final StreamChanges stream;
    private final RecentRows recent = new RecentRows(LiveSnapshots.RECENT_TASKS, RECENT_KEPT);
    /** This round's changed ids, each once: a task that moved four times in a round is read once. */
    private final Set<String> changed = new HashSet<>();
    private final Counter startPasses;
    private final Counter overflowPasses;
    private final Counter recentPasses;
    private boolean started;

    TaskCensus(FerryScheduler scheduler, TaskService tasks, StreamChanges stream, MeterRegistry meters) {
        this.scheduler = scheduler;
        this.tasks = tasks;
        this.feed = scheduler.openTaskChanges();
        this.stream = stream;
        this.startPasses = passes(meters, "start");
        this.overflowPasses = passes(meters, "overflow");
        this.recentPasses = passes(meters, "recent");
    }

    /** One round: the tasks that changed since the last, into the stream's changes and the recent rows. */
    Census take() {
        changed.clear();
        if (!feed.drainTo(changed::add)) {
            (started ? overflowPasses : startPasses).increment();
            started = true;
            List<TaskView> all = tasks.tasks();
            stream.pass(all);
            recent.rebuild(all);
        } else {
            for (String id : changed) {
                TaskView view = scheduler.task(id).orElse(null);
                if (view == null) {
                    stream.gone(id);
                    recent.remove(id);
                } else {
                    stream.see(view);
                    recent.put(TaskRow.of(view));
                }
            }
            if (recent.needsPass()) {
                recentPasses.increment();
                recent.rebuild(tasks.tasks());
            }
        }
        return new Census(phases(scheduler), recent.shown(), stream.finish());
    }

    /** The tasks remembered by phase, every phase present, as the scheduler counts them. */
    static Map<String, Integer> phases(FerryScheduler scheduler) {
        Map<String, Integer> phases = new LinkedHashMap<>();
        scheduler.tasksByPhase().forEach((phase, n) -> phases.put(phase.name(), n));
        for (TaskPhase phase : TaskPhase.values()) {
            phases.putIfAbsent(phase.name(), 0);
        }
        return phases;
    }

    private static Counter passes(MeterRegistry meters, String reason) {
        return Counter.builder(PASSES).tag("reason", reason)
                .description("Dashboard publishing rounds that looked at every task, by why").register(meters);
    }

    /**
     * What a round gives.
     *
     * @param phases tasks by phase, every phase present
     * @param recent the tasks that moved last
     * @param stream the bars that changed since the last round, or null when none did
     */
    record Census(Map<String, Integer> phases, RecentTasks recent, TaskStream stream) {
    }
}
