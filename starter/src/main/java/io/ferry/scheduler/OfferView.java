package io.ferry.scheduler;

import java.util.List;

/**
 * An offer the scheduler holds, as the dashboard shows it.
 *
 * @param offerId     the offer's id
 * @param agentId     the agent it comes from
 * @param hostname    the agent's host name
 * @param cpus        cpus offered
 * @param memMb       memory offered, MiB
 * @param executorIds this framework's executors already on the agent
 */
public record OfferView(String offerId, String agentId, String hostname, double cpus, double memMb,
                        List<String> executorIds) {
}
