package io.ferry.local.master;

import io.ferry.local.protocol.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of a subscribed framework, on the master's loop (docs/mesos-notes.md §2.1, §5, §8): the calls that
 * settle offers (ACCEPT, DECLINE) with their refusal filters, REVIVE and SUPPRESS, and the calls about tasks and
 * executors (KILL, SHUTDOWN, ACKNOWLEDGE, RECONCILE, MESSAGE). SUBSCRIBE and UPDATE_FRAMEWORK are the
 * {@link FrameworkRegistry}'s.
 */
final class SchedulerCalls {

    private static final Logger log = LoggerFactory.getLogger(SchedulerCalls.class);
    /** §5: refuse_seconds above a year are cut to a year. */
    private static final double MAX_REFUSE_SECONDS = 365 * 24 * 3600.0;

    private final MasterLoop loop;
    private final FrameworkRegistry frameworks;
    private final Map<String, AgentSlot> agents;
    private final OfferBook offers;

    SchedulerCalls(MasterLoop loop, FrameworkRegistry frameworks, Map<String, AgentSlot> agents, OfferBook offers) {
        this.loop = loop;
        this.frameworks = frameworks;
        this.agents = agents;
        this.offers = offers;
    }

    /** A validated call of a subscribed framework (the HTTP thread checked framework and stream id). */
    void handle(Call call) {
        Framework framework = frameworks.get(call.getFrameworkId().getValue());
        if (framework == null || !framework.connected()) {
            return; // disconnected or removed since the HTTP thread looked
        }
        switch (call.getType()) {
            case TEARDOWN -> frameworks.remove(framework);
            case ACCEPT -> accept(framework, call.getAccept());
            case DECLINE -> decline(framework, call.getDecline().getOfferIdsList(), call.getDecline().getFilters());
            case REVIVE -> revive(framework, call.getRevive().getRolesList());
            case SUPPRESS -> {
                List<String> roles = call.getSuppress().getRolesList();
                if (roles.isEmpty() || roles.contains(framework.role())) {
                    framework.suppressed = true;
                }
            }
            case KILL -> kill(framework, call.getKill());
            case SHUTDOWN -> {
                AgentSlot agent = agents.get(call.getShutdown().getAgentId().getValue());
                if (agent != null && agent.connected) { // else dropped, as by Mesos
                    agent.agent.shutdownExecutor(framework.id, call.getShutdown().getExecutorId());
                }
            }
            case ACKNOWLEDGE -> acknowledge(framework, call.getAcknowledge());
            case RECONCILE -> reconcile(framework, call.getReconcile());
            case MESSAGE -> {
                AgentSlot agent = agents.get(call.getMessage().getAgentId().getValue());
                if (agent != null && agent.connected) { // unreliable: dropped while the agent is away
                    agent.agent.frameworkMessage(framework.id, call.getMessage().getExecutorId(),
                            call.getMessage().getData());
                }
            }
            // No inverse offers, no operations with ids, and REQUEST is ignored by Mesos' own allocator (§2.1).
            default -> log.debug("Ignoring {} call of framework {}", call.getType(), framework.id());
        }
    }

    private void revive(Framework framework, List<String> roles) {
        if (roles.isEmpty() || roles.contains(framework.role())) {
            framework.suppressed = false;
            framework.filters.clear();
            loop.allocationNeeded();
        }
    }

    private void decline(Framework framework, List<OfferID> offerIds, Filters filters) {
        for (OfferID id : offerIds) {
            OutstandingOffer offer = offers.get(id.getValue());
            if (offer != null && offer.framework() == framework) {
                if (offers.remove(offer)) {
                    loop.allocationNeeded();
                }
                addFilter(framework, offer.agent(), offer.resources(), filters);
            }
        }
    }

    private void addFilter(Framework framework, AgentSlot agent, Resources resources,
            Filters filters) {
        double seconds = filters.getRefuseSeconds(); // unset reads as the proto default, 5.0
        if (seconds < 0) {
            seconds = 5; // §5: negative → default
        }
        if (seconds == 0 || resources.isEmpty()) {
            return;
        }
        seconds = Math.min(seconds, MAX_REFUSE_SECONDS);
        OfferFilter filter = new OfferFilter(agent.id(), resources, System.nanoTime() + (long) (seconds * 1e9));
        if (framework.addFilter(filter)) {
            armFilterTimer(framework, filter.expiresAtNanos());
        }
    }

    /**
     * Expiry needs a timer, not a tick: the allocation runs again when a filter lapses. One timer per framework,
     * for the filter that lapses first; when it fires it arms itself for the next one. A timer per filter woke the
     * master's thread for every filter, several hundred times a second with one task at a time.
     */
    private void armFilterTimer(Framework framework, long expiresAtNanos) {
        if (framework.filterTimer != null && framework.filterTimerAtNanos - expiresAtNanos <= 0) {
            return; // an earlier one is armed: it re-arms for this one
        }
        if (framework.filterTimer != null) {
            framework.filterTimer.cancel(false);
        }
        framework.filterTimerAtNanos = expiresAtNanos;
        framework.filterTimer = loop.schedule(() -> loop.post(() -> filterLapsed(framework)),
                Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime())));
    }

    private void filterLapsed(Framework framework) {
        framework.filterTimer = null;
        loop.allocationNeeded();
        framework.nextFilterExpiry(System.nanoTime()).ifPresent(next -> armFilterTimer(framework, next));
    }

    private void accept(Framework framework, Call.Accept accept) {
        OfferAcceptance.Result result = OfferAcceptance.apply(framework, accept, offers);
        if (result != null) {
            // Unused resources are declined with the call's filters (§5).
            addFilter(framework, result.agent(), result.unused(), accept.getFilters());
        }
        loop.allocationNeeded();
    }

    private void kill(Framework framework, Call.Kill kill) {
        MasterTask task = framework.tasks.get(kill.getTaskId().getValue());
        if (task == null) {
            // §2.1 (code): an unknown task gets an explicit reconciliation status.
            framework.sendUpdate(ReconciliationStatuses.unknown(framework, kill.getTaskId(),
                    kill.hasAgentId() ? kill.getAgentId() : null, agents.keySet()));
            return;
        }
        if (task.agent.connected) {
            task.agent.agent.killTask(framework.id, task.id);
        } else {
            // Mesos keeps kills for a disconnected agent and sends them when it reregisters.
            task.agent.pendingKills.add(new AgentSlot.Kill(framework.id, task.id));
        }
    }

    private void acknowledge(Framework framework, Call.Acknowledge ack) {
        AgentSlot agent = agents.get(ack.getAgentId().getValue());
        if (agent != null && !agent.connected) {
            // Dropped, as by Mesos: the agent resends the update once it is back, and it is acknowledged then.
            return;
        }
        MasterTask task = framework.tasks.get(ack.getTaskId().getValue());
        if (task != null && ack.getUuid().equals(task.terminalUuid)) {
            framework.tasks.remove(task.id.getValue()); // forgotten after its terminal ACK (§2.5)
        }
        if (agent != null) {
            agent.agent.acknowledge(framework.id, ack.getTaskId(), ack.getUuid());
        }
    }

    private void reconcile(Framework framework, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (MasterTask task : framework.tasks.values()) {
                framework.sendUpdate(ReconciliationStatuses.known(task));
            }
            return;
        }
        for (Call.Reconcile.Task t : reconcile.getTasksList()) {
            MasterTask task = framework.tasks.get(t.getTaskId().getValue());
            framework.sendUpdate(task != null ? ReconciliationStatuses.known(task)
                    : ReconciliationStatuses.unknown(framework, t.getTaskId(), t.hasAgentId() ? t.getAgentId() : null,
                            agents.keySet()));
        }
    }
}
