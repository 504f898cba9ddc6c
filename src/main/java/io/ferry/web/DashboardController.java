package io.ferry.web;

import io.ferry.samples.Batch;
import io.ferry.samples.SampleLauncher;
import io.ferry.samples.SampleRequest;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.OfferView;
import io.ferry.web.live.LiveFeed;
import io.ferry.web.live.OffersSnapshot;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's page: connection, offers, executors, recent tasks, and a form to launch samples. Rendered whole on
 * the server; its script (built from {@code frontend/}) keeps the figures live from {@code GET /api/events}.
 */
@Controller
class DashboardController {

    private final FerryScheduler scheduler;
    private final SampleLauncher launcher;
    private final LiveFeed live;

    DashboardController(FerryScheduler scheduler, SampleLauncher launcher, LiveFeed live) {
        this.scheduler = scheduler;
        this.launcher = launcher;
        this.live = live;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        if (!model.containsAttribute("sample")) {
            model.addAttribute("sample", SampleRequest.defaults());
        }
        fill(model);
        return "dashboard";
    }

    /** The form: a bad value goes back to the form with an inline message and a 400; success redirects. */
    @PostMapping("/samples")
    String launch(@Valid @ModelAttribute("sample") SampleRequest sample, BindingResult errors, Model model,
                  RedirectAttributes redirect, jakarta.servlet.http.HttpServletResponse response) {
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            fill(model);
            return "dashboard";
        }
        Batch batch = launcher.launch(sample);
        redirect.addFlashAttribute("message", "Launched " + batch.taskIds().size() + " " + batch.kind()
                + " task(s) as batch " + batch.id());
        // To the batch's progress and tasks.
        redirect.addAttribute("batch", batch.id());
        return "redirect:/tasks";
    }

    private void fill(Model model) {
        model.addAttribute("state", scheduler.state());
        // The same figures as the event stream's overview, so that the script's first update changes nothing.
        model.addAttribute("overview", live.overview());
        // As the last events had them too, rows and all, so that the script's first redraw moves nothing.
        OffersSnapshot offers = live.offers();
        model.addAttribute("offers", offers);
        model.addAttribute("heldOffers", offers.offers().stream().map(HeldOffer::of).toList());
        model.addAttribute("recent", live.recentTasks());
    }

    /** A held offer as the overview's table shows it (and its script draws it: overviewTables.ts). */
    record HeldOffer(String offerId, String agentId, String cpus, String memMb) {
        static HeldOffer of(OfferView offer) {
            return new HeldOffer(offer.offerId(), offer.agentId(), Formats.amount(offer.cpus()),
                    Formats.amount(offer.memMb()));
        }
    }
}
