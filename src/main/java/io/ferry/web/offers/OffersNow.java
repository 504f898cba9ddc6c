package io.ferry.web.offers;

import io.ferry.scheduler.OfferDecision;
import io.ferry.scheduler.OfferView;
import java.util.List;

/**
 * What {@code GET /api/offers} answers.
 *
 * @param held      the offers held now, oldest first
 * @param decisions what became of the last offers, newest first
 */
record OffersNow(List<OfferView> held, List<OfferDecision> decisions) {
}
