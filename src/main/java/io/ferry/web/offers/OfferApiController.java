package io.ferry.web.offers;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.web.JsonApi;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/offers}: the offers held now and the last offer decisions, as the scheduler published them. */
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
}
