package io.ferry.local.master;

import io.ferry.local.protocol.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides who is offered what: each agent's free resources go, whole, to one framework, chosen by dominant
 * resource fairness (the smallest share of the cluster's cpus or mem among its tasks, executors and outstanding
 * offers), ties going to the framework that waited longest. So a second framework makes progress while Ferry is
 * also subscribed. Pure: the master applies the grants.
 */
final class OfferAllocator {

    private OfferAllocator() {
    }

    /** One offer to make. */
    record Grant(Framework framework, AgentSlot agent, Resources resources) {
    }

    /**
     * @param frameworks frameworks that may be offered: connected and not suppressed
     * @param nowNanos   {@link System#nanoTime()} now, to expire filters
     */
    static List<Grant> allocate(Collection<AgentSlot> agents, Collection<Framework> frameworks, long nowNanos) {
        List<Grant> grants = new ArrayList<>();
        if (frameworks.isEmpty()) {
            return grants;
        }
        Resources clusterTotal = Resources.NONE;
        for (AgentSlot agent : agents) {
            clusterTotal = clusterTotal.plus(agent.total);
        }
        Map<Framework, Resources> allocated = new HashMap<>();
        Map<Framework, Long> lastOffered = new HashMap<>();
        long sequence = 0;
        for (Framework f : frameworks) {
            allocated.put(f, f.allocated);
            lastOffered.put(f, f.lastOffered);
            sequence = Math.max(sequence, f.lastOffered);
        }
        for (AgentSlot agent : agents) {
            Resources free = agent.free();
            if (!free.allocatable()) {
                continue;
            }
            Framework best = null;
            double bestShare = Double.MAX_VALUE;
            for (Framework f : frameworks) {
                if (f.filtered(agent.id(), free, nowNanos)) {
                    continue;
                }
                double share = allocated.get(f).dominantShare(clusterTotal);
                if (best == null || share < bestShare
                        || share == bestShare && lastOffered.get(f) < lastOffered.get(best)) {
                    best = f;
                    bestShare = share;
                }
            }
            if (best != null) {
                grants.add(new Grant(best, agent, free));
                allocated.put(best, allocated.get(best).plus(free));
                lastOffered.put(best, ++sequence);
            }
        }
        return grants;
    }
}
