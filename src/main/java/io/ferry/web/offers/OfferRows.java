package io.ferry.web.offers;

import io.ferry.scheduler.FerryScheduler;
import java.time.Instant;
import java.util.List;

/**
 * The offers page's two tables as text, the same for the server's rendering and for {@code GET /api/offers/rows},
 * which the page's script reads to keep them live: so a row drawn by the script reads exactly like a rendered one,
 * and the formatting lives in one place ({@link HeldRow}, {@link DecisionRow}).
 *
 * @param held      the offers held now, oldest first
 * @param decisions what became of the last offers, newest first
 */
record OfferRows(List<HeldRow> held, List<DecisionRow> decisions) {

    static OfferRows of(FerryScheduler scheduler, Instant now) {
        return new OfferRows(scheduler.state().offers().stream().map(o -> HeldRow.of(o, now)).toList(),
                scheduler.offerDecisions().stream().map(DecisionRow::of).toList());
    }
}
