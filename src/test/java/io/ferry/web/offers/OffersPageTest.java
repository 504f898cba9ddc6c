package io.ferry.web.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.OfferDecision;
import io.ferry.scheduler.OfferView;
import io.ferry.scheduler.SchedulerState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The offers page and {@code /api/offers} over what the scheduler published; every value escaped. */
@WebMvcTest(controllers = {OffersController.class, OfferApiController.class})
@AutoConfigureMockMvc(addFilters = false)
class OffersPageTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    FerryScheduler scheduler;

    @BeforeEach
    void published() {
        OfferView held = new OfferView("O-9", "S2", "<b>host-2</b>", 1, 1024, List.of("ferry-abc"), T,
                T.plusSeconds(30), OfferDecision.Reason.NOTHING_FITS,
                new OfferDecision.UnfitTask("t-big", 2, 512));
        when(scheduler.state()).thenReturn(new SchedulerState("SUBSCRIBED", null, "fw", 15, "http://m",
                List.of(held), List.of(), List.of(), List.of(), 1, 1, List.of(), List.of()));
        List<String> ids = List.of("t-1", "t-2");
        when(scheduler.offerDecisions()).thenReturn(List.of(
                new OfferDecision(T.plusSeconds(3), "S1", "host-1", List.of("O-3"), 4, 4096, T.plusSeconds(2),
                        OfferDecision.Fate.RESCINDED, null, "rescinded by the master", 0, List.of(), 0, 0, null),
                new OfferDecision(T.plusSeconds(2), "S2", "host-2", List.of("O-2"), 2, 2048, T.minusSeconds(28),
                        OfferDecision.Fate.HOLD_EXPIRED, OfferDecision.Reason.NOTHING_QUEUED,
                        "held 30s, then declined: no task was ready", 0, List.of(), 0, 0, null),
                new OfferDecision(T.plusSeconds(1), "S1", "host-1", List.of("O-1", "O-4"), 4, 4096, T,
                        OfferDecision.Fate.LAUNCHED, null, "launched 25 tasks and the executor", 25, ids, 2.6, 864,
                        null)));
    }

    @Test
    void thePageShowsHeldOffersAndDecisionsNewestFirst() throws Exception {
        String page = mvc.perform(get("/offers")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("<title>Offers · Ferry</title>").contains("class=\"active\">Offers</a>")
                .contains("Held now (<span data-live=\"rows.held.length\">1</span>)")
                .contains("&lt;b&gt;host-2&lt;/b&gt; (S2)").doesNotContain("<b>host-2</b>")
                .contains("no ready task fit; the smallest task left, t-big, needs 2 cpus, 512 MiB")
                .contains("1 cpus, 1024 MiB");
        assertThat(page.indexOf("O-3")).isLessThan(page.indexOf("O-2")).isLessThan(page.indexOf("O-1, O-4"));
        assertThat(page).contains("fate-HOLD_EXPIRED").contains("held 30s, then declined: no task was ready")
                .contains("launched 25 tasks and the executor")
                .contains("href=\"/tasks/t-1\"").contains("href=\"/tasks/t-2\"").contains(" and 23 more")
                .contains("2.6 cpus, 864 MiB").contains("rescinded by the master");
    }

    @Test
    void theApiAnswersTheSameAsJson() throws Exception {
        mvc.perform(get("/api/offers"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.held[0].offerId").value("O-9"))
                .andExpect(jsonPath("$.held[0].heldBecause").value("NOTHING_FITS"))
                .andExpect(jsonPath("$.held[0].smallestUnfit.taskId").value("t-big"))
                .andExpect(jsonPath("$.decisions[2].fate").value("LAUNCHED"))
                .andExpect(jsonPath("$.decisions[2].offerIds[1]").value("O-4"))
                .andExpect(jsonPath("$.decisions[2].taskIds[0]").value("t-1"))
                .andExpect(jsonPath("$.decisions[2].launched").value(25))
                .andExpect(jsonPath("$.decisions[1].reason").value("NOTHING_QUEUED"))
                .andExpect(jsonPath("$.decisions[0].fate").value("RESCINDED"));
    }

    @Test
    void thePageSaysWhereItsScriptReadsItsRowsFrom() throws Exception {
        String page = mvc.perform(get("/offers")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("data-events=\"/api/events\"").contains("data-rows-api=\"/api/offers/rows\"")
                .contains("src=\"/assets/offers.js\"").contains("<div class=\"table-scroll\">")
                .contains("title=\"O-1, O-4\"");
    }

    /** The rows the page's script draws: the page's own text, from the same formatting. */
    @Test
    void theRowsApiAnswersThePagesRowsAsText() throws Exception {
        mvc.perform(get("/api/offers/rows"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.held[0].offerId").value("O-9"))
                .andExpect(jsonPath("$.held[0].agent").value("<b>host-2</b> (S2)"))
                .andExpect(jsonPath("$.held[0].resources").value("1 cpus, 1024 MiB"))
                .andExpect(jsonPath("$.held[0].why")
                        .value("no ready task fit; the smallest task left, t-big, needs 2 cpus, 512 MiB"))
                .andExpect(jsonPath("$.decisions[0].fate").value("RESCINDED"))
                .andExpect(jsonPath("$.decisions[2].offerIds").value("O-1, O-4"))
                .andExpect(jsonPath("$.decisions[2].taskIds[1]").value("t-2"))
                .andExpect(jsonPath("$.decisions[2].more").value(23))
                .andExpect(jsonPath("$.decisions[2].used").value("2.6 cpus, 864 MiB"));
    }

    @Test
    void withNothingToShowThePageSaysSo() throws Exception {
        when(scheduler.state()).thenReturn(new SchedulerState("SUBSCRIBED", null, "fw", 15, "http://m", List.of(),
                List.of(), List.of(), List.of(), 0, 0, List.of(), List.of()));
        when(scheduler.offerDecisions()).thenReturn(List.of());
        assertThat(mvc.perform(get("/offers")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).contains("No offer is held.").contains("No offer was decided yet.");
    }
}
