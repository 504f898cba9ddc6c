package io.ferry.scheduler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.Offer;

/**
 * The agents Ferry has been offered: where each one's HTTP endpoints are ({@code Offer.url}), how the scheduler
 * reaches the sandbox of an executor that never said where it runs; and the most each offered at once, for the
 * dashboard (published when it changes: seldom after an agent's first offer). Owned by the loop thread.
 */
final class KnownAgents {

    private final Map<String, AgentView> agents = new LinkedHashMap<>();
    private final PublishedState state;

    KnownAgents(PublishedState state) {
        this.state = state;
    }

    /** Called for every offer: a lookup and two sums of its few resources, and a publish when an agent grew. */
    void offered(Offer offer) {
        String agentId = offer.getAgentId().getValue();
        double cpus = OfferViews.scalar(offer, "cpus");
        double mem = OfferViews.scalar(offer, "mem");
        AgentView known = agents.get(agentId);
        if (known == null) {
            agents.put(agentId, new AgentView(agentId, offer.getHostname(), endpointOf(offer), cpus, mem));
            publish();
        } else if (cpus > known.cpus() || mem > known.memMb()) {
            agents.put(agentId, new AgentView(agentId, known.hostname(), known.endpoint(),
                    Math.max(cpus, known.cpus()), Math.max(mem, known.memMb())));
            publish();
        }
    }

    /** A FAILURE without an executor: the master removed the agent. */
    void removed(String agentId) {
        if (agents.remove(agentId) != null) {
            publish();
        }
    }

    String endpoint(String agentId) {
        AgentView agent = agents.get(agentId);
        return agent == null ? null : agent.endpoint();
    }

    Set<String> ids() {
        return agents.keySet();
    }

    private void publish() {
        state.set(state.get().withAgents(List.copyOf(agents.values())));
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
