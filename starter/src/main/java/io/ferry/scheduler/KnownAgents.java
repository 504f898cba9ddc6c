package io.ferry.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.Offer;

/**
 * The agents Ferry has been offered, and where each one's HTTP endpoints are ({@code Offer.url}): how the scheduler
 * reaches the sandbox of an executor that never said where it runs. Owned by the loop thread.
 */
final class KnownAgents {

    /** Agent id → {@code host:port}, or null when its offers carry no URL. */
    private final Map<String, String> endpoints = new HashMap<>();

    /** Called for every offer: only an agent seen for the first time costs more than a lookup. */
    void offered(Offer offer) {
        String agentId = offer.getAgentId().getValue();
        if (!endpoints.containsKey(agentId)) {
            endpoints.put(agentId, endpointOf(offer));
        }
    }

    /** A FAILURE without an executor: the master removed the agent. */
    void removed(String agentId) {
        endpoints.remove(agentId);
    }

    String endpoint(String agentId) {
        return endpoints.get(agentId);
    }

    Set<String> ids() {
        return endpoints.keySet();
    }

    private static String endpointOf(Offer offer) {
        if (!offer.hasUrl() || !offer.getUrl().getAddress().hasPort()) {
            return null;
        }
        var address = offer.getUrl().getAddress();
        String host = address.hasIp() ? address.getIp() : address.getHostname();
        return host.contains(":") ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
    }
}
