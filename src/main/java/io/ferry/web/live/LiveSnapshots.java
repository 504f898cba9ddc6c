package io.ferry.web.live;

import io.ferry.api.TaskService;
import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.OfferOutcome;
import io.ferry.scheduler.OfferView;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.scheduler.SchedulerState;
import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Reads what the scheduler published (its {@link SchedulerState}, the task views, the finished-task counters)
 * into the snapshots the dashboard shows. Reads only: never posts to the scheduler's loop, never waits on it.
 */
final class LiveSnapshots {

    /** Tasks in a {@code tasks} event: a screenful. */
    static final int RECENT_TASKS = 25;

    private static final Comparator<TaskRow> NEWEST_CHANGE_FIRST =
            Comparator.comparing(TaskRow::changed, Comparator.reverseOrder()).thenComparing(TaskRow::id);

    private final FerryScheduler scheduler;
    private final TaskService tasks;
    private final MeterRegistry meters;

    LiveSnapshots(FerryScheduler scheduler, TaskService tasks, MeterRegistry meters) {
        this.scheduler = scheduler;
        this.tasks = tasks;
        this.meters = meters;
    }

    /** Tasks finished since the app started, whatever their outcome (the {@code ferry.tasks.finished} counters). */
    double finishedTotal() {
        return meters.find(SchedulerMetrics.TASKS_FINISHED).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The phase counts and the recently changed tasks, in one pass over the task views. */
    Census census() {
        Map<String, Integer> phases = new LinkedHashMap<>();
        for (TaskPhase phase : TaskPhase.values()) {
            phases.put(phase.name(), 0);
        }
        // The newest changes without sorting the whole history: a heap whose head is the oldest change kept.
        PriorityQueue<TaskRow> recent = new PriorityQueue<>(RECENT_TASKS + 1, NEWEST_CHANGE_FIRST.reversed());
        for (TaskView view : tasks.tasks()) {
            phases.merge(view.phase().name(), 1, Integer::sum);
            recent.add(TaskRow.of(view));
            if (recent.size() > RECENT_TASKS) {
                recent.poll();
            }
        }
        List<TaskRow> rows = new ArrayList<>(recent);
        rows.sort(NEWEST_CHANGE_FIRST);
        return new Census(phases, new RecentTasks(rows));
    }

    Overview overview(Map<String, Integer> phases, Throughput throughput) {
        SchedulerState state = scheduler.state();
        int running = (int) state.executors().stream().filter(ExecutorPlace::running).count();
        return new Overview(state.connection(), state.lastError(), state.frameworkId(), state.master(),
                agents(state), phases, state.queued(), state.ready(), scheduler.bytesInFlight(), running,
                throughput);
    }

    OffersSnapshot offers() {
        SchedulerState state = scheduler.state();
        return new OffersSnapshot(state.offers(), state.lastOutcomes());
    }

    private static List<AgentSummary> agents(SchedulerState state) {
        Map<String, AgentSummary> agents = new TreeMap<>();
        for (OfferOutcome outcome : state.lastOutcomes()) {
            agents.put(outcome.agentId(), new AgentSummary(outcome.agentId(), null, 0, 0, 0));
        }
        for (ExecutorPlace executor : state.executors()) {
            if (executor.running()) {
                agents.merge(executor.agentId(), new AgentSummary(executor.agentId(), null, 0, 0, 1),
                        (a, b) -> new AgentSummary(a.id(), a.hostname(), a.cpus(), a.memMb(), a.executors() + 1));
            }
        }
        for (OfferView offer : state.offers()) {
            agents.merge(offer.agentId(), new AgentSummary(offer.agentId(), offer.hostname(), offer.cpus(),
                    offer.memMb(), 0), (a, b) -> new AgentSummary(a.id(), b.hostname(), a.cpus() + b.cpus(),
                    a.memMb() + b.memMb(), a.executors()));
        }
        return agents.values().stream()
                .sorted(Comparator.comparing((AgentSummary a) -> a.hostname() == null ? "" : a.hostname())
                        .thenComparing(AgentSummary::id))
                .toList();
    }

    /**
     * What one pass over the task views gives.
     *
     * @param phases tasks by phase, every phase present
     * @param recent the tasks that moved last
     */
    record Census(Map<String, Integer> phases, RecentTasks recent) {
    }
}
