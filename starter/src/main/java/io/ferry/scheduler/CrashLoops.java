package io.ferry.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.Offer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents where Ferry's executor cannot start. An executor that dies before it said hello {@link #FAILED_STARTS}
 * times in a row on an agent (a bad JVM option, no java, an app URL the agent cannot reach) is reported once, with
 * how it ended and the end of its stderr; Ferry then launches nothing there for a backoff window (30s, doubling
 * after each further failed start up to 5m), declining the agent's offers, and afterwards tries one launch. A hello
 * from an executor there ends it all. While no agent Ferry knows can start it, tasks do not wait for one: those whose
 * launch died with it, and queued ones, fail at once saying why (see {@code TaskLifecycle}). Owned by the loop.
 */
final class CrashLoops {

    private static final Logger log = LoggerFactory.getLogger(CrashLoops.class);
    static final int FAILED_STARTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** One agent's failed starts in a row. */
    private static final class Streak {
        int failedStarts;
        ExecutorDeath last;
        Instant since;
        /** The current (or last) window's length; null until the streak reached {@link #FAILED_STARTS}. */
        Duration backoff;
        /** The end of the window Ferry is in; null when not backing off (not yet, or trying again). */
        Instant until;
        ScheduledFuture<?> end;
    }

    private final Map<String, Streak> streaks = new HashMap<>();
    private final KnownAgents agents;
    private final ExecutorDirectory executors;
    private final HeldOffers offers;
    private final PublishedState state;
    private final SchedulerLoop loop;
    private final ScheduledExecutorService timer;
    /** Agents in a backoff window now: with none, offers pass without a look. */
    private int backingOff;

    CrashLoops(KnownAgents agents, ExecutorDirectory executors, HeldOffers offers, PublishedState state,
               SchedulerLoop loop, ScheduledExecutorService timer) {
        this.agents = agents;
        this.executors = executors;
        this.offers = offers;
        this.state = state;
        this.loop = loop;
        this.timer = timer;
    }

    /**
     * Every reported executor death: a failed start lengthens its agent's streak, a run that started ends it. Only
     * the executor of this configuration counts: an older one (shut down as stale) says nothing of this one.
     */
    void died(ExecutorDeath death) {
        if (!death.executorId().equals(executors.spec().executorId())) {
            return;
        }
        if (!death.failedToStart()) {
            if (death.saidHello()) {
                started(death.agentId());
            }
            return;
        }
        Streak s = streaks.computeIfAbsent(death.agentId(), id -> new Streak());
        s.failedStarts++;
        s.last = death;
        if (s.since == null) {
            s.since = death.at();
        }
        if (s.failedStarts >= FAILED_STARTS && s.until == null) {
            boolean first = s.backoff == null;
            s.backoff = first ? FIRST_BACKOFF : min(s.backoff.multipliedBy(2), MAX_BACKOFF);
            s.until = Instant.now().plus(s.backoff);
            backingOff++;
            Streak streak = s;
            s.end = timer.schedule(() -> loop.post(() -> windowEnded(death.agentId(), streak)),
                    s.backoff.toMillis(), TimeUnit.MILLISECONDS);
            offers.declineAgent(death.agentId(), s.backoff.toSeconds());
            if (first) {
                log.warn("Ferry's executor failed to start {} times in a row on agent {}; Ferry launches nothing"
                        + " there for {} (its offers are declined), then tries once more. The last start: {}",
                        s.failedStarts, death.agentId(), HumanDuration.of(s.backoff), death.details());
            } else {
                log.info("Ferry's executor still fails to start on agent {} ({} times in a row, the last {});"
                        + " trying again in {}", death.agentId(), s.failedStarts, death.status().describe(),
                        HumanDuration.of(s.backoff));
            }
        }
        publish();
    }

    /** An executor on {@code agentId} said hello: it starts there, whatever happened before. */
    void started(String agentId) {
        Streak s = streaks.remove(agentId);
        if (s == null) {
            return;
        }
        if (s.until != null) {
            s.end.cancel(false);
            backingOff--;
        }
        if (s.backoff != null) {
            log.info("Ferry's executor started on agent {} again, after {} failed starts", agentId, s.failedStarts);
        }
        publish();
    }

    /** The master removed the agent. */
    void agentRemoved(String agentId) {
        started(agentId);
    }

    private void windowEnded(String agentId, Streak s) {
        if (streaks.get(agentId) != s || s.until == null) {
            return;
        }
        s.until = null;
        backingOff--;
        publish();
        offers.wantMore(); // the agent's offers come back (its decline filter ends now too)
    }

    /** Offers from agents in a backoff window are declined for the rest of it; the others are returned. */
    List<Offer> usable(List<Offer> offered) {
        if (backingOff == 0) {
            return offered;
        }
        List<Offer> usable = new ArrayList<>(offered.size());
        Map<Long, List<Offer>> declined = new HashMap<>();
        Instant now = Instant.now();
        for (Offer offer : offered) {
            Streak s = streaks.get(offer.getAgentId().getValue());
            if (s != null && s.until != null && s.until.isAfter(now)) {
                long seconds = Math.max(1, Duration.between(now, s.until).toSeconds());
                declined.computeIfAbsent(seconds, k -> new ArrayList<>()).add(offer);
            } else {
                usable.add(offer);
            }
        }
        declined.forEach((seconds, ids) -> offers.declineFiltered(ids, seconds));
        return usable;
    }

    /** Whether every agent Ferry knows is in a backoff window: then no task can run anywhere for now. */
    boolean noAgentCanStart() {
        if (backingOff == 0 || agents.ids().isEmpty()) {
            return false;
        }
        for (String agentId : agents.ids()) {
            Streak s = streaks.get(agentId);
            if (s == null || s.until == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why no task can run now, for the failures of the tasks that therefore fail at once: "Ferry's executor cannot
     * start on any agent (…: 3 failed starts in a row, next try in 29s)".
     */
    String whyNoAgent() {
        StringBuilder agentsText = new StringBuilder();
        Instant now = Instant.now();
        for (String agentId : agents.ids()) {
            Streak s = streaks.get(agentId);
            if (s != null && s.until != null) {
                agentsText.append(agentsText.isEmpty() ? "" : ", ").append(agentId).append(": ")
                        .append(s.failedStarts).append(" failed starts in a row, next try in ")
                        .append(HumanDuration.of(Duration.between(now, s.until).truncatedTo(ChronoUnit.SECONDS)));
            }
        }
        return "Ferry's executor cannot start on any agent (" + agentsText + ")";
    }

    /** The latest failed start of all, or null. */
    ExecutorDeath lastFailedStart() {
        ExecutorDeath last = null;
        for (Streak s : streaks.values()) {
            if (last == null || s.last.at().isAfter(last.at())) {
                last = s.last;
            }
        }
        return last;
    }

    private void publish() {
        List<FailingExecutor> failing = new ArrayList<>();
        streaks.forEach((agentId, s) -> failing.add(new FailingExecutor(agentId, s.last.agentEndpoint(),
                s.last.executorId(), s.failedStarts, s.last.status().describe(), s.last.stderrPath(),
                s.last.stderrTail(), s.since, s.until != null, s.until)));
        state.set(state.get().withFailingExecutors(failing));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
