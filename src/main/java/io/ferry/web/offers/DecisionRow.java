package io.ferry.web.offers;

import io.ferry.scheduler.OfferDecision;
import io.ferry.web.Formats;
import java.util.List;

/**
 * An offer decision as the page shows it.
 *
 * @param at        when it was decided (time of day)
 * @param agent     the agent's host name and id
 * @param offerIds  the offers, comma separated
 * @param offered   what they offered, e.g. "4 cpus, 4096 MiB"
 * @param fate      LAUNCHED, HOLD_EXPIRED, DECLINED, RESCINDED or VOIDED
 * @param what      the decision in words
 * @param launched  how many tasks went into it
 * @param taskIds   the first of them
 * @param more      how many more there were than {@code taskIds} lists
 * @param used      what the launch took, or empty
 */
record DecisionRow(String at, String agent, String offerIds, String offered, String fate, String what, int launched,
                   List<String> taskIds, int more, String used) {

    static DecisionRow of(OfferDecision d) {
        return new DecisionRow(Formats.clock(d.at()), d.hostname() + " (" + d.agentId() + ")",
                String.join(", ", d.offerIds()), Formats.resources(d.cpus(), d.memMb()), d.fate().name(), d.note(),
                d.launched(), d.taskIds(), d.launched() - d.taskIds().size(),
                d.launched() == 0 ? "" : Formats.resources(d.cpusUsed(), d.memMbUsed()));
    }
}
