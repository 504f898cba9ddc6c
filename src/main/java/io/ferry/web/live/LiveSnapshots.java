package io.ferry.web.live;

import io.ferry.scheduler.ExecutorPlace;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.OfferOutcome;
import io.ferry.scheduler.OfferView;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.scheduler.SchedulerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what the scheduler published (its {@link SchedulerState}, the finished-task counters) into the snapshots
 * the dashboard shows (the tasks' are {@link TaskCensus}'s). Reads only: never posts to the scheduler's loop, never
 * waits on it.
 */
final class LiveSnapshots {

    /** Tasks in a {@code tasks} event: a screenful. */
    static final int RECENT_TASKS = 25;
    /** Agents remembered: a bound on memory in a cluster whose agents keep changing. */
    static final int MAX_AGENTS = 10_000;

    private final FerryScheduler scheduler;
    private final MeterRegistry meters;
    /** Agent id to host name (once an offer told it); read by the page's thread too. */
    private final Map<String, Optional<String>> agentsSeen = new ConcurrentHashMap<>();

    LiveSnapshots(FerryScheduler scheduler, MeterRegistry meters) {
        this.scheduler = scheduler;
        this.meters = meters;
    }

    /**
     * Tasks ended since the app started, whatever their outcome (the {@code ferry.tasks.ended} counters), but for
     * an earlier run's orphans, which this run never ran.
     */
    double finishedTotal() {
        return meters.find(SchedulerMetrics.TASKS_ENDED).counters().stream()
                .filter(c -> !SchedulerMetrics.Ended.ORPHANED.tag().equals(c.getId().getTag("state")))
                .mapToDouble(Counter::count).sum();
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

    /**
     * The agents seen since the app started, with what they offer now. Remembered, because the state only shows
     * an agent while Ferry holds one of its offers or runs an executor there: without the memory, an idle cluster
     * (offers declined, or suppressed) would seem to have no agents. An agent that left stays listed, offering
     * nothing.
     */
    private List<AgentSummary> agents(SchedulerState state) {
        Map<String, AgentSummary> agents = new TreeMap<>();
        for (OfferOutcome outcome : state.lastOutcomes()) {
            seen(outcome.agentId(), null);
        }
        for (ExecutorPlace executor : state.executors()) {
            seen(executor.agentId(), null);
        }
        for (OfferView offer : state.offers()) {
            seen(offer.agentId(), offer.hostname());
        }
        agentsSeen.forEach((id, hostname) -> agents.put(id, new AgentSummary(id, hostname.orElse(null), 0, 0, 0)));
        for (ExecutorPlace executor : state.executors()) {
            if (executor.running()) {
                agents.computeIfPresent(executor.agentId(), (id, a) -> new AgentSummary(id, a.hostname(),
                        a.offeredCpus(), a.offeredMemMb(), a.executors() + 1));
            }
        }
        for (OfferView offer : state.offers()) {
            agents.computeIfPresent(offer.agentId(), (id, a) -> new AgentSummary(id, a.hostname(),
                    a.offeredCpus() + offer.cpus(), a.offeredMemMb() + offer.memMb(), a.executors()));
        }
        return agents.values().stream()
                .sorted(Comparator.comparing((AgentSummary a) -> a.hostname() == null ? "" : a.hostname())
                        .thenComparing(AgentSummary::id))
                .toList();
    }

    private void seen(String agentId, String hostname) {
        if (agentId == null || (agentsSeen.size() >= MAX_AGENTS && !agentsSeen.containsKey(agentId))) {
            return;
        }
        if (hostname != null) {
            agentsSeen.put(agentId, Optional.of(hostname));
        } else {
            agentsSeen.putIfAbsent(agentId, Optional.empty());
        }
    }
}
