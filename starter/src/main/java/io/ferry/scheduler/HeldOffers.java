package io.ferry.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offers the scheduler holds, and how it steers the offers it gets. An offer nothing fits is held for
 * {@code ferry.mesos.offer-hold}, since the next task is likely right behind, and declined when its hold ends.
 * With nothing ready for a while Ferry suppresses offers; ready work revives them when something may hide them
 * (a suppress, or a decline filter).
 *
 * <p>Every offer's fate is recorded here, once, when it is decided ({@link OfferDecision}, kept in an
 * {@link OfferHistory}): launched into, declined when its hold ended (with why nothing went into it), declined at
 * once, rescinded, or void with its subscription. Owned by the loop thread.
 */
final class HeldOffers {

    private static final Logger log = LoggerFactory.getLogger(HeldOffers.class);
    /** Ready tasks with no offer for this long ask for offers again (REVIVE), in case one was lost. */
    private static final Duration STARVED_AFTER = Duration.ofSeconds(5);

    /** A held offer, with what the scheduler reads out of it once, when it comes. */
    private static final class Held {
        final Offer offer;
        final double cpus;
        final double memMb;
        final List<String> executorIds;
        final Instant received;
        /** When its hold ends (System.nanoTime). */
        final long holdEnds;
        /** Why the last packing round put nothing into it; null while no round looked at it. */
        OfferDecision.Reason heldBecause;
        /** That round's account of the offer's agent, for {@link OfferDecision.Reason#NOTHING_FITS}; else null. */
        OfferPacker.AgentHeld round;

        Held(Offer offer, Instant received, long holdEnds) {
            this.offer = offer;
            this.cpus = OfferViews.scalar(offer, "cpus");
            this.memMb = OfferViews.scalar(offer, "mem");
            this.executorIds = OfferViews.executorIds(offer);
            this.received = received;
            this.holdEnds = holdEnds;
        }

        String id() {
            return offer.getId().getValue();
        }

        String agentId() {
            return offer.getAgentId().getValue();
        }
    }

    private final Map<String, Held> held = new LinkedHashMap<>();
    private final OfferHistory history = new OfferHistory();
    private final SchedulerSettings settings;
    private final MasterSession session;
    private final SchedulerMetrics metrics;
    private final PublishedState state;
    private boolean suppressed;
    /** A decline filter may be hiding resources from us (we declined with refuse_seconds > 0 since the last REVIVE). */
    private boolean filtered;
    private boolean reviveWanted;
    private long lastOfferNanos = System.nanoTime();
    private long lastReviveNanos = System.nanoTime();
    private long idleSinceNanos = System.nanoTime();

    HeldOffers(SchedulerSettings settings, MasterSession session, SchedulerMetrics metrics, PublishedState state) {
        this.settings = settings;
        this.session = session;
        this.metrics = metrics;
        this.state = state;
    }

    void add(List<Offer> offers) {
        lastOfferNanos = System.nanoTime();
        long until = lastOfferNanos + settings.offerHold().toNanos();
        Instant now = Instant.now();
        for (Offer offer : offers) {
            held.put(offer.getId().getValue(), new Held(offer, now, until));
        }
        publish(null);
    }

    void rescinded(String offerId) {
        Held h = held.remove(offerId);
        if (h != null) {
            metrics.rescinded();
            decide(List.of(h), OfferDecision.Fate.RESCINDED, null, "rescinded by the master", null);
            publish(null);
        }
    }

    /** The connection ended: its offers are void with it (docs/mesos-notes.md §5). */
    void clear() {
        if (held.isEmpty()) {
            return;
        }
        metrics.voided(held.size());
        for (Held h : held.values()) {
            decide(List.of(h), OfferDecision.Fate.VOIDED, null, "void: the subscription it came with ended", null);
        }
        held.clear();
        publish(null);
    }

    /** A new subscription starts with no offers and nothing suppressed. */
    void subscribed() {
        suppressed = false;
        clear();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** The held offers as packing sees them, oldest first. */
    List<OfferPacker.OfferSlice> slices(String executorId) {
        List<OfferPacker.OfferSlice> slices = new ArrayList<>(held.size());
        for (Held h : held.values()) {
            slices.add(new OfferPacker.OfferSlice(h.id(), h.agentId(), h.cpus, h.memMb,
                    h.executorIds.contains(executorId)));
        }
        return slices;
    }

    /** Takes the offers of a launch: they are no longer held, and their fate is recorded. */
    List<Offer> takeFor(OfferPacker.AgentLaunch launch) {
        List<Held> taken = new ArrayList<>(launch.offerIds().size());
        List<Offer> offers = new ArrayList<>(launch.offerIds().size());
        for (String offerId : launch.offerIds()) {
            Held h = held.remove(offerId);
            taken.add(h);
            offers.add(h.offer);
        }
        metrics.accepted(taken.size());
        int n = launch.taskIds().size();
        decide(taken, OfferDecision.Fate.LAUNCHED, null, "launched " + n + (n == 1 ? " task" : " tasks")
                + (launch.startsExecutor() ? " and the executor" : ""), launch);
        return offers;
    }

    /** What a packing round found for the offers nothing went into: kept for their views and their fate. */
    void heldBy(List<OfferPacker.AgentHeld> agents) {
        for (OfferPacker.AgentHeld agent : agents) {
            for (String offerId : agent.offerIds()) {
                Held h = held.get(offerId);
                h.heldBecause = agent.reason();
                h.round = agent;
            }
        }
    }

    /** Tasks are ready, but the bytes in flight are at their bound: nothing is packed, every held offer waits. */
    void heldForBytes() {
        for (Held h : held.values()) {
            h.heldBecause = OfferDecision.Reason.BYTES_IN_FLIGHT;
            h.round = null;
        }
    }

    /** Work became ready: if something may hide offers, REVIVE after this batch (once, not per task). */
    void wantMore() {
        reviveWanted = true;
    }

    /** A launch asked the master to keep its leftovers away for a moment: a filter now hides them. */
    void leftoversFiltered() {
        filtered = true;
    }

    /**
     * The offers of {@code agentId} go back at once (refuse 0): they list an executor that exited, or an agent that
     * is gone ({@code why}), so packing against them would go wrong. Fresh ones will say the truth.
     */
    void declineAgent(String agentId, OfferDecision.Reason why) {
        if (!declineHeld(agentId, 0, why).isEmpty()) {
            wantMore();
        }
    }

    /**
     * The offers of {@code agentId} go back and stay away for {@code refuseSeconds}: Ferry launches nothing there
     * for that long (see {@code CrashLoops}).
     */
    void declineAgent(String agentId, long refuseSeconds) {
        if (!declineHeld(agentId, refuseSeconds, OfferDecision.Reason.AGENT_BACKING_OFF).isEmpty()) {
            filtered = true;
        }
    }

    /**
     * Offers, just come, that Ferry will not use for {@code refuseSeconds} (their agent is backing off): declined
     * with that filter, which a REVIVE clears. They were never held.
     */
    void declineFiltered(List<Offer> offers, long refuseSeconds) {
        List<OfferID> ids = new ArrayList<>(offers.size());
        Instant now = Instant.now();
        metrics.declined(OfferDecision.Reason.AGENT_BACKING_OFF, offers.size());
        for (Offer offer : offers) {
            ids.add(offer.getId());
            decide(List.of(new Held(offer, now, 0)), OfferDecision.Fate.DECLINED,
                    OfferDecision.Reason.AGENT_BACKING_OFF, OfferDecision.Reason.AGENT_BACKING_OFF.words()
                            + " (declined for " + refuseSeconds + "s)", null);
        }
        session.decline(ids, refuseSeconds);
        filtered = true;
    }

    private List<OfferID> declineHeld(String agentId, double refuseSeconds, OfferDecision.Reason why) {
        List<OfferID> stale = new ArrayList<>();
        List<Held> declined = new ArrayList<>();
        held.values().removeIf(h -> {
            if (h.agentId().equals(agentId)) {
                stale.add(h.offer.getId());
                declined.add(h);
                return true;
            }
            return false;
        });
        if (!stale.isEmpty()) {
            session.decline(stale, refuseSeconds);
            metrics.declined(why, declined.size());
            decide(declined, OfferDecision.Fate.DECLINED, why, why.words(), null);
            publish(null);
        }
        return stale;
    }

    /**
     * After each batch of the loop (and its launches): revive if wanted, note whether there is work, publish the
     * offer decisions the batch recorded.
     */
    void afterBatch(boolean subscribed, int ready) {
        if (subscribed && reviveWanted && ready > 0) {
            reviveWanted = false;
            // Only when something may hide offers: a REVIVE per burst of work would be a call per task.
            if (suppressed || filtered) {
                revive();
            }
        }
        if (ready > 0) {
            idleSinceNanos = System.nanoTime();
        }
        history.publish();
    }

    /** Every 250 ms while subscribed: decline offers whose hold ended, suppress when idle, revive when starved. */
    void housekeeping(long now, int ready) {
        List<OfferID> expired = new ArrayList<>();
        held.values().removeIf(h -> {
            if (h.holdEnds - now <= 0) {
                expired.add(h.offer.getId());
                // With nothing ready now, whatever an earlier round found no longer says why it waits.
                OfferDecision.Reason why = ready == 0 || h.heldBecause == null
                        ? OfferDecision.Reason.NOTHING_QUEUED : h.heldBecause;
                metrics.declined(why, 1);
                decide(List.of(h), OfferDecision.Fate.HOLD_EXPIRED, why, heldNote(h, why), null);
                return true;
            }
            return false;
        });
        if (!expired.isEmpty()) {
            // Held offers no one used go back, and stay away for a while unless work comes (REVIVE clears filters).
            session.decline(expired, settings.declineRefuse().toMillis() / 1000.0);
            filtered = true;
            publish(null);
        }
        if (ready == 0 && !suppressed && now - idleSinceNanos > settings.offerHold().toNanos()) {
            suppress();
        }
        // Tasks are ready and no offer came for a while: a lost REVIVE, or filters we did not know of. Ask again.
        long quiet = STARVED_AFTER.toNanos();
        if (ready > 0 && held.isEmpty() && now - lastOfferNanos > quiet && now - lastReviveNanos > quiet) {
            log.info("{} task(s) are ready and no offer came for {}; reviving offers", ready,
                    HumanDuration.of(STARVED_AFTER));
            revive();
        }
    }

    void suppress() {
        suppressed = true;
        session.suppress();
        metrics.suppressed();
    }

    private void revive() {
        suppressed = false;
        filtered = false;
        lastReviveNanos = System.nanoTime();
        session.revive();
        metrics.revived();
    }

    /** Publishes the held offers, and what a packing round did with its offers (null: no round, keep the last). */
    void publish(List<OfferOutcome> outcomes) {
        List<OfferView> views = new ArrayList<>(held.size());
        Duration hold = settings.offerHold();
        for (Held h : held.values()) {
            views.add(new OfferView(h.id(), h.agentId(), h.offer.getHostname(), h.cpus, h.memMb, h.executorIds,
                    h.received, h.received.plus(hold), h.heldBecause,
                    h.round == null ? null : h.round.smallestUnfit()));
        }
        state.set(state.get().withOffers(views, outcomes));
    }

    /** The offer decisions of the last batches, newest first (any thread). */
    List<OfferDecision> decisions() {
        return history.published();
    }

    /** Records the fate of {@code offers}, all of one agent. */
    private void decide(List<Held> offers, OfferDecision.Fate fate, OfferDecision.Reason reason, String note,
                        OfferPacker.AgentLaunch launch) {
        Held first = offers.get(0);
        double cpus = 0;
        double mem = 0;
        Instant received = first.received;
        List<String> ids = new ArrayList<>(offers.size());
        for (Held h : offers) {
            cpus += h.cpus;
            mem += h.memMb;
            ids.add(h.id());
            received = h.received.isBefore(received) ? h.received : received;
        }
        List<String> taskIds = launch == null ? List.of()
                : List.copyOf(launch.taskIds().subList(0, Math.min(OfferDecision.MAX_TASK_IDS, launch.taskIds().size())));
        history.record(new OfferDecision(Instant.now(), first.agentId(), first.offer.getHostname(), List.copyOf(ids),
                cpus, mem, received, fate, reason, note, launch == null ? 0 : launch.taskIds().size(), taskIds,
                launch == null ? 0 : launch.cpusUsed(), launch == null ? 0 : launch.memMbUsed(),
                reason == OfferDecision.Reason.NOTHING_FITS && first.round != null ? first.round.smallestUnfit() : null));
    }

    /** "held 30s, then declined: no ready task fit; the smallest left, t1-7, needs 2 cpus and 1024 MiB; …" */
    private static String heldNote(Held h, OfferDecision.Reason why) {
        StringBuilder s = new StringBuilder("held ")
                .append(HumanDuration.of(Duration.between(h.received, Instant.now()).truncatedTo(ChronoUnit.MILLIS)))
                .append(", then declined: ").append(why.words());
        OfferPacker.AgentHeld round = h.round;
        if (why == OfferDecision.Reason.NOTHING_FITS && round != null && round.smallestUnfit() != null) {
            OfferDecision.UnfitTask task = round.smallestUnfit();
            s.append("; the smallest task left, ").append(task.taskId()).append(", needs ")
                    .append(amount(task.cpus())).append(" cpus and ").append(amount(task.memMb()))
                    .append(" MiB; the agent's offers left ").append(amount(round.freeCpus())).append(" cpus and ")
                    .append(amount(round.freeMemMb())).append(" MiB")
                    .append(round.startsExecutor() ? " once the executor that would start there had its share" : "");
        }
        return s.toString();
    }

    /** 2, 0.5, 1.25: as many decimals as the amount has (Mesos keeps three). */
    static String amount(double value) {
        long milli = Math.round(value * 1000);
        return milli % 1000 == 0 ? Long.toString(milli / 1000)
                : java.math.BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
    }
}
