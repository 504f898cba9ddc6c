package io.ferry.scheduler;

/**
 * An agent Ferry has been offered, as the dashboard shows it. Mesos never tells a framework an agent's total
 * resources, only what it offers; the most an agent offered at once is its size when nothing else ran there (its
 * first offer, usually), and never more.
 *
 * @param agentId  the agent's id
 * @param hostname its host name
 * @param endpoint {@code host:port} of its HTTP endpoints, or null when its offers carry no URL
 * @param cpus     the most cpus it offered at once
 * @param memMb    the most memory it offered at once, MiB
 */
public record AgentView(String agentId, String hostname, String endpoint, double cpus, double memMb) {
}
