package io.ferry.web.offers;

import io.ferry.scheduler.FerryScheduler;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The offers page: what the scheduler holds now and what became of the last offers, server-rendered. */
@Controller
class OffersController {

    private final FerryScheduler scheduler;

    OffersController(FerryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @GetMapping("/offers")
    String offers(Model model) {
        OfferRows rows = OfferRows.of(scheduler, Instant.now());
        model.addAttribute("held", rows.held());
        model.addAttribute("decisions", rows.decisions());
        return "offers";
    }
}
