package io.ferry.web.live;

/**
 * An agent as the dashboard shows it: what it offers Ferry right now and how many of Ferry's executors run on it.
 * Agents are known from the offers held, the last packing round and the executors; an agent all of whose
 * resources are in use shows with nothing offered.
 *
 * @param id        the agent id
 * @param hostname  its host name, when an offer told it, else null
 * @param cpus      cpus in the offers held from it now
 * @param memMb     memory in the offers held from it now, MiB
 * @param executors Ferry's executors running on it
 */
public record AgentSummary(String id, String hostname, double cpus, double memMb, int executors) {
}
