package io.ferry.scheduler;

import java.util.List;

/**
 * The scheduler's state as others may read it: published by the loop after each change, never mutated.
 *
 * @param connection        SUBSCRIBING, SUBSCRIBED, DISCONNECTED or ERROR
 * @param lastError         why the connection last failed, or null
 * @param frameworkId       the framework id, once subscribed
 * @param heartbeatSeconds  the master's heartbeat interval
 * @param master            the master endpoint in use, or being tried while not subscribed (after redirects)
 * @param offers            offers held right now
 * @param lastOutcomes      what was done with the offers of the last packing round
 * @param executors         Ferry's executors, the latest run on each agent: where they run, where their sandboxes are
 * @param failingExecutors  agents where Ferry's executor failed to start, time after time, with why
 * @param queued            tasks submitted and not launched yet (phase QUEUED): ready, or backing off before a retry
 * @param ready             queued tasks not backing off: what the next offers are packed with
 * @param previousExecutors runs of the executor that newer runs on their agents replaced, newest first (a few)
 * @param agents            the agents Ferry has been offered
 */
public record SchedulerState(String connection, String lastError, String frameworkId, double heartbeatSeconds,
                             String master, List<OfferView> offers, List<OfferOutcome> lastOutcomes,
                             List<ExecutorPlace> executors, List<FailingExecutor> failingExecutors, int queued,
                             int ready, List<ExecutorPlace> previousExecutors, List<AgentView> agents) {

    static SchedulerState initial() {
        return new SchedulerState("STARTING", null, null, 0, null, List.of(), List.of(), List.of(), List.of(), 0, 0,
                List.of(), List.of());
    }

    public boolean connected() {
        return "SUBSCRIBED".equals(connection);
    }

    SchedulerState withConnection(String connection, String error) {
        return new SchedulerState(connection, error == null ? lastError : error, frameworkId, heartbeatSeconds, master,
                connected(connection) ? offers : List.of(), lastOutcomes, executors, failingExecutors, queued, ready,
                previousExecutors, agents);
    }

    SchedulerState withFramework(String frameworkId, double heartbeatSeconds, String master) {
        return new SchedulerState(connection, lastError, frameworkId, heartbeatSeconds, master, offers, lastOutcomes,
                executors, failingExecutors, queued, ready, previousExecutors, agents);
    }

    /** The master being tried (or in use): shown while no subscription is up, too. */
    SchedulerState withMaster(String master) {
        return new SchedulerState(connection, lastError, frameworkId, heartbeatSeconds, master, offers, lastOutcomes,
                executors, failingExecutors, queued, ready, previousExecutors, agents);
    }

    SchedulerState withOffers(List<OfferView> offers, List<OfferOutcome> outcomes) {
        return new SchedulerState(connection, lastError, frameworkId, heartbeatSeconds, master, List.copyOf(offers),
                outcomes == null ? lastOutcomes : List.copyOf(outcomes), executors, failingExecutors, queued, ready,
                previousExecutors, agents);
    }

    SchedulerState withExecutors(List<ExecutorPlace> executors, List<ExecutorPlace> previous) {
        return new SchedulerState(connection, lastError, frameworkId, heartbeatSeconds, master, offers, lastOutcomes,
                List.copyOf(executors), failingExecutors, queued, ready, List.copyOf(previous), agents);
    }

    SchedulerState withFailingExecutors(List<FailingExecutor> failing) {
        return new SchedulerState(connection, lastError, frameworkId, heartbeatSeconds, master, offers, lastOutcomes,
                executors, List.copyOf(failing), queued, ready, previousExecutors, agents);
    }

    SchedulerState withAgents(List<AgentView> agents) {
        return new SchedulerState(connection, lastError, frameworkId, heartbeatSeconds, master, offers, lastOutcomes,
                executors, failingExecutors, queued, ready, previousExecutors, List.copyOf(agents));
    }

    SchedulerState withCounts(int queued, int ready) {
        if (queued == this.queued && ready == this.ready) {
            return this;
        }
        return new SchedulerState(connection, lastError, frameworkId, heartbeatSeconds, master, offers, lastOutcomes,
                executors, failingExecutors, queued, ready, previousExecutors, agents);
    }

    private static boolean connected(String connection) {
        return "SUBSCRIBED".equals(connection);
    }
}
