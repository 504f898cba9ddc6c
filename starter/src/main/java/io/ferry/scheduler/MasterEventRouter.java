package io.ferry.scheduler;

import io.ferry.wire.ExecutorHello;
import java.util.List;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Hands each event from the master to the part of the scheduler that owns what it is about: offers to
 * {@link HeldOffers} (after {@link KnownAgents}, {@link ExecutorDirectory} and {@link CrashLoops} had their look),
 * status updates to {@link TaskLifecycle}, an executor's or agent's end to everyone who keeps something of it. On
 * the {@link SchedulerLoop}, like every part it calls.
 */
final class MasterEventRouter {

    /** The parts an event can concern. */
    record Parts(MasterSession session, HeldOffers offers, TaskLifecycle lifecycle, ExecutorDirectory executors,
                 KnownAgents agents, ExecutorDeaths deaths, CrashLoops crashLoops, TaskRegistry registry,
                 SchedulerMetrics metrics) {
    }

    private final Parts parts;

    MasterEventRouter(Parts parts) {
        this.parts = parts;
    }

    void handle(Event event) {
        parts.metrics().event(event.getType());
        switch (event.getType()) {
            case SUBSCRIBED -> subscribed(event.getSubscribed());
            case OFFERS -> offers(event.getOffers().getOffersList());
            case RESCIND -> parts.offers().rescinded(event.getRescind().getOfferId().getValue());
            case UPDATE -> parts.lifecycle().update(event.getUpdate().getStatus());
            case MESSAGE -> {
                ExecutorHello hello = parts.executors().hello(event.getMessage());
                if (hello != null) {
                    parts.crashLoops().started(hello.agentId());
                }
            }
            case FAILURE -> failure(event.getFailure());
            case ERROR -> parts.session().error(event.getError().getMessage());
            case HEARTBEAT, INVERSE_OFFERS, RESCIND_INVERSE_OFFER, UPDATE_OPERATION_STATUS, UNKNOWN -> {
            }
        }
    }

    private void offers(List<Offer> list) {
        parts.metrics().offersReceived(list.size()); // held, or declined at once (an agent backing off)
        for (Offer offer : list) {
            parts.agents().offered(offer);
            parts.executors().shutdownIfStale(offer);
        }
        parts.offers().add(parts.crashLoops().usable(list));
    }

    private void failure(Event.Failure failure) {
        String agentId = failure.getAgentId().getValue();
        if (failure.hasExecutorId()) {
            // Before the directory marks it exited: the directory tells whether that run said hello.
            parts.deaths().failure(failure);
            parts.executors().failed(failure);
        } else {
            parts.executors().agentRemoved(agentId);
            parts.deaths().agentRemoved(agentId);
            parts.crashLoops().agentRemoved(agentId);
            parts.agents().removed(agentId);
        }
        // Held offers of that agent still list the executor as running (or come from an agent that is gone);
        // packing against them would leave out the new executor's resources.
        parts.offers().declineAgent(agentId, failure.hasExecutorId() ? OfferDecision.Reason.EXECUTOR_EXITED
                : OfferDecision.Reason.AGENT_REMOVED);
    }

    private void subscribed(Event.Subscribed subscribed) {
        parts.session().subscribed(subscribed);
        parts.offers().subscribed();
        parts.lifecycle().reconcileLive();
        if (parts.registry().readyCount() == 0) {
            parts.offers().suppress();
        }
    }
}
