package io.ferry.local.master;

import io.ferry.local.protocol.Resources;

/**
 * A refusal filter from DECLINE or from the unused part of an ACCEPT (§5): offers on {@code agentId} whose
 * resources are a subset of {@code resources} are hidden from the framework until {@code expiresAtNanos}.
 */
record OfferFilter(String agentId, Resources resources, long expiresAtNanos) {

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /**
     * Whether this filter hides, as long or longer, everything {@code other} hides: same agent, resources that
     * contain {@code other}'s, an expiry no earlier. {@code other} is then redundant.
     */
    boolean covers(OfferFilter other) {
        return agentId.equals(other.agentId) && resources.contains(other.resources)
                && expiresAtNanos - other.expiresAtNanos >= 0;
    }
}
