package io.ferry.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/** Reads what Ferry needs out of Mesos offers. */
final class OfferViews {

    private OfferViews() {
    }

    /**
     * The part of an offer packing needs, read from the protobuf. {@code HeldOffers} reads the amounts once, when an
     * offer comes; the packing benchmark reads them per round, as the launcher once did.
     */
    static OfferPacker.OfferSlice slice(Offer offer, String executorId) {
        return new OfferPacker.OfferSlice(offer.getId().getValue(), offer.getAgentId().getValue(),
                scalar(offer, "cpus"), scalar(offer, "mem"), runs(offer, executorId));
    }

    /** Whether the offer lists {@code executorId} among this framework's executors on its agent. */
    static boolean runs(Offer offer, String executorId) {
        for (ExecutorID id : offer.getExecutorIdsList()) {
            if (id.getValue().equals(executorId)) {
                return true;
            }
        }
        return false;
    }

    /** This framework's executors on the offer's agent, by id. */
    static List<String> executorIds(Offer offer) {
        List<String> executors = new ArrayList<>(offer.getExecutorIdsCount());
        offer.getExecutorIdsList().forEach(id -> executors.add(id.getValue()));
        return List.copyOf(executors);
    }

    /** The sum of a scalar resource over the offer (it may come in several pieces, e.g. per reservation). */
    static double scalar(Offer offer, String name) {
        double sum = 0;
        for (Resource r : offer.getResourcesList()) {
            if (r.getName().equals(name) && r.hasScalar()) {
                sum += r.getScalar().getValue();
            }
        }
        return sum;
    }

    /** The first resource of that name in the offer: its role, reservations and allocation info are copied. */
    static Resource template(Offer offer, String name) {
        for (Resource r : offer.getResourcesList()) {
            if (r.getName().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
