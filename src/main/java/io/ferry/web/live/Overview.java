package io.ferry.web.live;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's headline figures, as one {@code overview} event and as the page renders them.
 *
 * @param connection       the connection to the master (SUBSCRIBED, DISCONNECTED, …)
 * @param lastError        why the connection last failed, or null
 * @param frameworkId      the framework id, once subscribed, or null
 * @param master           the master in use, or null
 * @param agents           the agents seen since the app started, by host name then id
 * @param phases           tasks the scheduler remembers, by phase (every phase present; the history is bounded by
 *                         {@code ferry.history.size})
 * @param queued           tasks submitted and not launched yet
 * @param ready            of those, the ones not backing off before a retry
 * @param bytesInFlight    serialized task bytes launched and not finished
 * @param executorsRunning Ferry's executors running
 * @param throughput       tasks finished per second over the last minutes
 */
public record Overview(String connection, String lastError, String frameworkId, String master,
                       List<AgentSummary> agents, Map<String, Integer> phases, int queued, int ready,
                       long bytesInFlight, int executorsRunning, Throughput throughput) {

    public Overview {
        agents = List.copyOf(agents);
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** Whether a client holding {@code other} would show the same: equal, but the throughput's window may have moved. */
    boolean sameAs(Overview other) {
        return other != null && withoutThroughput().equals(other.withoutThroughput())
                && throughput.sameCounts(other.throughput);
    }

    private Overview withoutThroughput() {
        return new Overview(connection, lastError, frameworkId, master, agents, phases, queued, ready, bytesInFlight,
                executorsRunning, null);
    }
}
