package io.ferry.web.overview;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/overview} answers.
 *
 * @param connection        SUBSCRIBING, SUBSCRIBED, DISCONNECTED or ERROR
 * @param lastError         why the connection last failed, or null
 * @param master            the master endpoint in use (or being tried)
 * @param frameworkId       the framework id, once subscribed
 * @param agents            the agents Ferry has been offered
 * @param tasks             the tasks the scheduler remembers (live ones and a bounded history), by phase
 * @param queued            tasks submitted and not launched yet
 * @param ready             queued tasks not backing off before a retry
 * @param bytesInFlight     task bytes launched and not finished
 * @param executorsRunning  executors running now
 */
record Overview(String connection, String lastError, String master, String frameworkId, List<Agent> agents,
                Map<String, Long> tasks, int queued, int ready, long bytesInFlight, int executorsRunning) {

    /**
     * An agent. Mesos tells a framework only what an agent offers it: {@code totalCpus} and {@code totalMemMb} are the
     * most it offered at once (its size when nothing else ran there), {@code freeCpus} and {@code freeMemMb} what
     * Ferry holds of it in offers now.
     *
     * @param agentId    the agent's id
     * @param hostname   its host name
     * @param endpoint   {@code host:port} of its HTTP endpoints, or null
     * @param totalCpus  the most cpus it offered at once
     * @param totalMemMb the most memory it offered at once, MiB
     * @param freeCpus   cpus in the offers held now
     * @param freeMemMb  memory in the offers held now, MiB
     * @param offersHeld how many of its offers are held now
     */
    record Agent(String agentId, String hostname, String endpoint, double totalCpus, double totalMemMb,
                 double freeCpus, double freeMemMb, int offersHeld) {
    }
}
