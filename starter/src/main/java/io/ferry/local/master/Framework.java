package io.ferry.local.master;

import io.ferry.local.protocol.EventStream;
import io.ferry.local.protocol.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** The master's record of one framework. Owned by the master's event loop. */
final class Framework {

    final FrameworkID id;
    FrameworkInfo info;
    /** The open SUBSCRIBE response; null while disconnected (then calls get 403, §2.4). */
    EventStream stream;
    String streamId;
    ScheduledFuture<?> failoverTimer;
    boolean suppressed;
    /** Tasks the master tracks: live ones, and terminal ones whose terminal update is not yet acknowledged (§8). */
    final Map<String, MasterTask> tasks = new HashMap<>();
    final Map<String, OutstandingOffer> offers = new LinkedHashMap<>();
    /** Refusal filters, none of them covering another ({@link #addFilter}); expired ones go when next checked. */
    final List<OfferFilter> filters = new ArrayList<>();
    /** The one timer that re-runs the allocation when the first of the filters lapses, and when it is due. */
    ScheduledFuture<?> filterTimer;
    long filterTimerAtNanos;
    /** Resources of its tasks, executors and outstanding offers: the numerator of its DRF share. */
    Resources allocated = Resources.NONE;
    /** Allocation sequence number of its last offer: ties between equal shares go to the one waiting longest. */
    long lastOffered;

    Framework(FrameworkID id, FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    String id() {
        return id.getValue();
    }

    boolean connected() {
        return stream != null;
    }

    /** The role its offers are made for: the first of {@code roles} (MULTI_ROLE), else {@code role}. */
    String role() {
        return info.getRolesCount() > 0 ? info.getRoles(0) : info.getRole();
    }

    boolean multiRole() {
        return hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE);
    }

    boolean partitionAware() {
        return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    private boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    /**
     * Adds {@code filter} unless a filter covers it ({@link OfferFilter#covers}), and drops those it covers.
     * Returns whether it was added. Why: a scheduler that launches one task at a time and filters each offer's
     * leftovers for a moment (Ferry does) would otherwise pile up a filter per task, all of them checked by every
     * allocation; measured at window 1, several hundred of them, over half of the master's allocation time.
     */
    boolean addFilter(OfferFilter filter) {
        for (OfferFilter f : filters) {
            if (f.covers(filter)) {
                return false;
            }
        }
        filters.removeIf(filter::covers);
        filters.add(filter);
        return true;
    }

    /** When the first filter not expired at {@code nowNanos} lapses; empty if none is left. */
    OptionalLong nextFilterExpiry(long nowNanos) {
        return filters.stream().filter(f -> !f.expired(nowNanos)).mapToLong(OfferFilter::expiresAtNanos)
                .reduce((a, b) -> a - b <= 0 ? a : b);
    }

    /** Whether an offer of {@code free} on that agent is hidden by a DECLINE/ACCEPT filter (§5). */
    boolean filtered(String agentId, Resources free, long nowNanos) {
        boolean hidden = false;
        for (Iterator<OfferFilter> it = filters.iterator(); it.hasNext(); ) {
            OfferFilter f = it.next();
            if (f.expired(nowNanos)) {
                it.remove();
            } else if (f.agentId().equals(agentId) && f.resources().contains(free)) {
                hidden = true;
            }
        }
        return hidden;
    }

    /** Sends an event on the subscription; while disconnected it is lost, as with Mesos. */
    void send(Event event) {
        if (stream != null) {
            stream.send(event);
        }
    }

    /** Sends an UPDATE event with {@code status}. */
    void sendUpdate(TaskStatus status) {
        send(Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
    }
}
