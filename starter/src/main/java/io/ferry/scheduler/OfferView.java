package io.ferry.scheduler;

import java.time.Instant;
import java.util.List;

/**
 * An offer the scheduler holds, as the dashboard shows it.
 *
 * @param offerId       the offer's id
 * @param agentId       the agent it comes from
 * @param hostname      the agent's host name
 * @param cpus          cpus offered
 * @param memMb         memory offered, MiB
 * @param executorIds   this framework's executors already on the agent
 * @param received      when it came
 * @param holdEnds      when it is declined unless something goes into it
 * @param heldBecause   why the last packing round put nothing into it; null when no round has looked at it (no task
 *                      was ready since it came)
 * @param smallestUnfit with {@link OfferDecision.Reason#NOTHING_FITS}: a smallest task that round left out
 */
public record OfferView(String offerId, String agentId, String hostname, double cpus, double memMb,
                        List<String> executorIds, Instant received, Instant holdEnds,
                        OfferDecision.Reason heldBecause, OfferDecision.UnfitTask smallestUnfit) {
}
