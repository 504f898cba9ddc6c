package io.ferry.web.offers;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.web.JsonApi;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/offers}: the offers held now and the last offer decisions, as the scheduler published them; and
 * {@code GET /api/offers/rows}: the same as the offers page's rows.
 */
@RestController
@JsonApi
class OfferApiController {

    private final FerryScheduler scheduler;

    OfferApiController(FerryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @GetMapping("/api/offers")
    OffersNow offers() {
        return new OffersNow(scheduler.state().offers(), scheduler.offerDecisions());
    }

    /** The offers page's tables as the page shows them (text), for its script: {@code {held, decisions}}. */
    @GetMapping("/api/offers/rows")
    OfferRows rows() {
        return OfferRows.of(scheduler, Instant.now());
    }
}
