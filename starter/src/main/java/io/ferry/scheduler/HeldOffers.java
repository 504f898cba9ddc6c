package io.ferry.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * (a suppress, or a decline filter). Owned by the loop thread.
 */
final class HeldOffers {

    private static final Logger log = LoggerFactory.getLogger(HeldOffers.class);
    /** Ready tasks with no offer for this long ask for offers again (REVIVE), in case one was lost. */
    private static final Duration STARVED_AFTER = Duration.ofSeconds(5);

    private final Map<String, Offer> held = new LinkedHashMap<>();
    /** When each held offer's hold ends (System.nanoTime). */
    private final Map<String, Long> expiry = new HashMap<>();
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
        for (Offer offer : offers) {
            metrics.offerReceived();
            held.put(offer.getId().getValue(), offer);
            expiry.put(offer.getId().getValue(), until);
        }
        publish(null);
    }

    void rescinded(String offerId) {
        held.remove(offerId);
        expiry.remove(offerId);
    }

    /** The connection ended: its offers are gone with it. */
    void clear() {
        held.clear();
        expiry.clear();
    }

    /** A new subscription starts with no offers and nothing suppressed. */
    void subscribed() {
        suppressed = false;
        clear();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    int count() {
        return held.size();
    }

    /** The held offers, oldest first. */
    Collection<Offer> all() {
        return held.values();
    }

    /** Takes a held offer for a launch: it is no longer held. */
    Offer take(String offerId) {
        expiry.remove(offerId);
        return held.remove(offerId);
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
     * is gone, so packing against them would go wrong. Fresh ones will say the truth.
     */
    void declineAgent(String agentId) {
        if (!declineHeld(agentId, 0).isEmpty()) {
            wantMore();
        }
    }

    /**
     * The offers of {@code agentId} go back and stay away for {@code refuseSeconds}: Ferry launches nothing there
     * for that long (see {@code CrashLoops}).
     */
    void declineAgent(String agentId, long refuseSeconds) {
        if (!declineHeld(agentId, refuseSeconds).isEmpty()) {
            filtered = true;
        }
    }

    /** Offers Ferry will not use for {@code refuseSeconds}: declined with that filter, which a REVIVE clears. */
    void declineFiltered(List<OfferID> offerIds, long refuseSeconds) {
        session.decline(offerIds, refuseSeconds);
        filtered = true;
    }

    private List<OfferID> declineHeld(String agentId, double refuseSeconds) {
        List<OfferID> stale = new ArrayList<>();
        held.values().removeIf(offer -> {
            if (offer.getAgentId().getValue().equals(agentId)) {
                stale.add(offer.getId());
                expiry.remove(offer.getId().getValue());
                return true;
            }
            return false;
        });
        if (!stale.isEmpty()) {
            session.decline(stale, refuseSeconds);
            publish(null);
        }
        return stale;
    }

    /** After each batch of the loop (and its launches): revive if wanted, note whether there is work. */
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
    }

    /** Every 250 ms while subscribed: decline offers whose hold ended, suppress when idle, revive when starved. */
    void housekeeping(long now, int ready) {
        List<OfferID> expired = new ArrayList<>();
        expiry.entrySet().removeIf(e -> {
            if (e.getValue() - now <= 0) {
                Offer offer = held.remove(e.getKey());
                if (offer != null) {
                    expired.add(offer.getId());
                }
                return true;
            }
            return false;
        });
        if (!expired.isEmpty()) {
            // Held offers no one used go back, and stay away for a while unless work comes (REVIVE clears filters).
            metrics.declined(expired.size());
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
        state.set(state.get().withOffers(OfferViews.of(held.values()), outcomes));
    }
}
