package io.ferry.scheduler;

import java.util.List;

/**
 * What became of the offers of one agent in one packing round, for the dashboard.
 *
 * @param agentId  the agent
 * @param offerIds its offers
 * @param cpus     cpus offered
 * @param memMb    memory offered, MiB
 * @param launched how many tasks went into them
 * @param note     what was done, in words: "launched 12 (and the executor)", or why the offers are held
 */
public record OfferOutcome(String agentId, List<String> offerIds, double cpus, double memMb, int launched, String note) {
}
