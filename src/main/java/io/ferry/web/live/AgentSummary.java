package io.ferry.web.live;

/**
 * An agent as the dashboard shows it: what it offers Ferry right now and how many of Ferry's executors run on it.
 * Agents are those seen since the app started (in offers, packing rounds and executors); an agent whose resources
 * are all in use, or that Ferry holds no offer of, shows offering nothing.
 *
 * @param id           the agent id
 * @param hostname     its host name, once an offer told it, else null
 * @param offeredCpus  cpus in the offers held from it now
 * @param offeredMemMb memory in the offers held from it now, MiB
 * @param executors    Ferry's executors running on it
 */
public record AgentSummary(String id, String hostname, double offeredCpus, double offeredMemMb, int executors) {
}
