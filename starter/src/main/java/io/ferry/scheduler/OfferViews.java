package io.ferry.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/** Reads what Ferry needs out of Mesos offers. */
final class OfferViews {

    private OfferViews() {
    }

    static OfferPacker.OfferSlice slice(Offer offer, String executorId) {
        boolean running = false;
        for (ExecutorID id : offer.getExecutorIdsList()) {
            running |= id.getValue().equals(executorId);
        }
        return new OfferPacker.OfferSlice(offer.getId().getValue(), offer.getAgentId().getValue(),
                scalar(offer, "cpus"), scalar(offer, "mem"), running);
    }

    static List<OfferView> of(Collection<Offer> offers) {
        List<OfferView> views = new ArrayList<>(offers.size());
        for (Offer offer : offers) {
            List<String> executors = new ArrayList<>();
            offer.getExecutorIdsList().forEach(id -> executors.add(id.getValue()));
            views.add(new OfferView(offer.getId().getValue(), offer.getAgentId().getValue(), offer.getHostname(),
                    scalar(offer, "cpus"), scalar(offer, "mem"), executors));
        }
        return views;
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
