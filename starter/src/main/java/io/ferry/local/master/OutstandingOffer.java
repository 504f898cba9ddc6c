package io.ferry.local.master;

import io.ferry.local.protocol.Resources;
import org.apache.mesos.v1.Protos.Offer;

/** An offer sent and neither accepted, declined nor rescinded yet; its resources count as the framework's. */
record OutstandingOffer(Offer offer, Framework framework, AgentSlot agent, Resources resources) {

    String id() {
        return offer.getId().getValue();
    }
}
