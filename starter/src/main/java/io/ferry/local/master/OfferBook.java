package io.ferry.local.master;

import io.ferry.local.protocol.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;

/**
 * The master's outstanding offers: making them from the allocator's grants and taking them back, keeping each
 * agent's {@code offered} and each framework's {@code allocated} in step. Owned by the master's event loop.
 */
final class OfferBook {

    private final String masterId;
    private final Map<String, OutstandingOffer> offers = new LinkedHashMap<>();
    private long offerCount;
    private long allocationSequence;

    OfferBook(String masterId) {
        this.masterId = masterId;
    }

    OutstandingOffer get(String offerId) {
        return offers.get(offerId);
    }

    /**
     * Offers every agent's free resources to the frameworks that may have them (connected, not suppressed).
     *
     * @return the offers made, batched per framework: one OFFERS event each
     */
    Map<Framework, List<Offer>> allocate(Collection<Framework> frameworks, Collection<AgentSlot> agents) {
        List<Framework> candidates = new ArrayList<>();
        for (Framework f : frameworks) {
            if (f.connected() && !f.suppressed) {
                candidates.add(f);
            }
        }
        List<AgentSlot> connected = agents.stream().filter(a -> a.connected).toList();
        Map<Framework, List<Offer>> batches = new LinkedHashMap<>();
        for (OfferAllocator.Grant grant : OfferAllocator.allocate(connected, candidates, System.nanoTime())) {
            batches.computeIfAbsent(grant.framework(), f -> new ArrayList<>())
                    .add(make(grant.framework(), grant.agent(), grant.resources()));
        }
        return batches;
    }

    private Offer make(Framework framework, AgentSlot agent, Resources resources) {
        String allocationRole = framework.multiRole() ? framework.role() : null;
        Offer.Builder offer = Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(masterId + "-O" + offerCount++))
                .setFrameworkId(framework.id)
                .setAgentId(agent.agentId)
                .setHostname(agent.agent.hostname())
                .addAllResources(resources.toProto(allocationRole));
        offer.getUrlBuilder().setScheme("http").setPath("/slave(1)").getAddressBuilder()
                .setHostname(agent.agent.hostname()).setIp(agent.agent.hostname()).setPort(agent.agent.port());
        if (allocationRole != null) {
            offer.getAllocationInfoBuilder().setRole(allocationRole);
        }
        Map<String, AgentSlot.MasterExecutor> executors = agent.executors.get(framework.id());
        if (executors != null) {
            executors.values().forEach(e -> offer.addExecutorIds(e.info().getExecutorId()));
        }
        OutstandingOffer outstanding = new OutstandingOffer(offer.build(), framework, agent, resources);
        offers.put(outstanding.id(), outstanding);
        framework.offers.put(outstanding.id(), outstanding);
        agent.offered = agent.offered.plus(resources);
        framework.allocated = framework.allocated.plus(resources);
        framework.lastOffered = ++allocationSequence;
        return outstanding.offer();
    }

    /**
     * Takes an offer back without telling the framework (accepted, declined, or void after a disconnect).
     *
     * @return whether it was outstanding (its resources are free again)
     */
    boolean remove(OutstandingOffer offer) {
        if (offers.remove(offer.id()) == null) {
            return false;
        }
        offer.framework().offers.remove(offer.id());
        offer.agent().offered = offer.agent().offered.minus(offer.resources());
        offer.framework().allocated = offer.framework().allocated.minus(offer.resources());
        return true;
    }

    /** The outstanding offers of an agent. */
    List<OutstandingOffer> onAgent(AgentSlot agent) {
        return offers.values().stream().filter(o -> o.agent() == agent).toList();
    }

    /** Takes back every offer of a framework. Returns whether there was any. */
    boolean removeAll(Framework framework) {
        boolean any = false;
        for (OutstandingOffer offer : new ArrayList<>(framework.offers.values())) {
            any |= remove(offer);
        }
        return any;
    }
}
