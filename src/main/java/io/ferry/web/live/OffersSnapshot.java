package io.ferry.web.live;

import io.ferry.scheduler.OfferOutcome;
import io.ferry.scheduler.OfferView;
import java.util.List;

/**
 * The {@code offers} event: the offers held and what the last packing round did with each agent's offers.
 *
 * @param offers       offers held right now
 * @param lastOutcomes the last packing round, one entry per agent: launched, or held and why
 */
public record OffersSnapshot(List<OfferView> offers, List<OfferOutcome> lastOutcomes) {
}
