package io.ferry.web.offers;

import io.ferry.scheduler.OfferDecision;
import io.ferry.scheduler.OfferView;
import io.ferry.web.Formats;
import java.time.Instant;

/**
 * A held offer as the page shows it.
 *
 * @param offerId     the offer
 * @param agent       the agent's host name and id
 * @param resources   what it offers, e.g. "4 cpus, 4096 MiB"
 * @param since       when it came (time of day)
 * @param heldFor     how long it has been held
 * @param holdEnds    when it is declined unless something goes into it (time of day)
 * @param why         why it is held, in words
 */
record HeldRow(String offerId, String agent, String resources, String since, String heldFor, String holdEnds,
               String why) {

    static HeldRow of(OfferView offer, Instant now) {
        return new HeldRow(offer.offerId(), offer.hostname() + " (" + offer.agentId() + ")",
                Formats.resources(offer.cpus(), offer.memMb()), Formats.clock(offer.received()),
                Formats.duration(offer.received(), now), Formats.clock(offer.holdEnds()), why(offer));
    }

    private static String why(OfferView offer) {
        if (offer.heldBecause() == null) {
            return OfferDecision.Reason.NOTHING_QUEUED.words();
        }
        OfferDecision.UnfitTask unfit = offer.smallestUnfit();
        return offer.heldBecause().words() + (unfit == null ? "" : "; the smallest task left, " + unfit.taskId()
                + ", needs " + Formats.resources(unfit.cpus(), unfit.memMb()));
    }
}
