package io.ferry.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which queued tasks go into which offers. A pure function: no fields, no I/O, so it is cheap to test
 * with tables and to benchmark alone.
 *
 * <p>Offers of one agent are combined (an ACCEPT may name several offers of one agent, mesos-protocol.md §5).
 * Tasks are taken in queue order, first fit: a task that does not fit an agent is left for the next agent, and
 * later, smaller tasks may still go in. The executor's own resources are charged once per agent, and only where
 * it does not run yet ({@code Offer.executor_ids}). Amounts are compared in thousandths, the precision Mesos
 * keeps for scalars, so sums of 0.1 cpus do not drift.
 */
final class OfferPacker {

    private OfferPacker() {
    }

    /** The part of an offer packing needs. */
    record OfferSlice(String offerId, String agentId, double cpus, double memMb, boolean executorRunning) {
    }

    /** A queued task: what it asks for. */
    record PendingTask(String id, double cpus, double memMb) {
    }

    /** What the executor itself takes on an agent where it is not running yet. */
    record ExecutorCost(double cpus, double memMb) {
    }

    /** The tasks to launch on one agent, with the offers that pay for them. */
    record AgentLaunch(String agentId, List<String> offerIds, List<String> taskIds, boolean startsExecutor) {
    }

    /**
     * @param launches       one entry per agent that gets tasks
     * @param declines       offers to decline: nothing went into them
     * @param unplaced       how many pending tasks got no place
     * @param outcomes       per agent: what was offered and what was done with it
     */
    record Plan(List<AgentLaunch> launches, List<String> declines, int unplaced, List<OfferOutcome> outcomes) {
    }

    static Plan pack(List<OfferSlice> offers, List<PendingTask> pending, ExecutorCost executor) {
        Map<String, List<OfferSlice>> byAgent = new LinkedHashMap<>();
        for (OfferSlice offer : offers) {
            byAgent.computeIfAbsent(offer.agentId(), k -> new ArrayList<>()).add(offer);
        }
        int n = pending.size();
        long[] taskCpus = new long[n];
        long[] taskMem = new long[n];
        long minCpus = Long.MAX_VALUE;
        long minMem = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            taskCpus[i] = milli(pending.get(i).cpus());
            taskMem[i] = milli(pending.get(i).memMb());
            minCpus = Math.min(minCpus, taskCpus[i]);
            minMem = Math.min(minMem, taskMem[i]);
        }
        long execCpus = milli(executor.cpus());
        long execMem = milli(executor.memMb());
        boolean[] placed = new boolean[n];
        int firstUnplaced = 0;
        int placedCount = 0;

        List<AgentLaunch> launches = new ArrayList<>();
        List<String> declines = new ArrayList<>();
        List<OfferOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, List<OfferSlice>> agent : byAgent.entrySet()) {
            long cpus = 0;
            long mem = 0;
            boolean running = false;
            List<String> offerIds = new ArrayList<>();
            for (OfferSlice offer : agent.getValue()) {
                cpus += milli(offer.cpus());
                mem += milli(offer.memMb());
                running |= offer.executorRunning();
                offerIds.add(offer.offerId());
            }
            long freeCpus = cpus;
            long freeMem = mem;
            boolean startsExecutor = false;
            if (!running) {
                // The executor comes with the first task; if even it does not fit, nothing does.
                freeCpus -= execCpus;
                freeMem -= execMem;
                startsExecutor = true;
            }
            List<String> taskIds = new ArrayList<>();
            for (int i = firstUnplaced; i < n && freeCpus >= minCpus && freeMem >= minMem; i++) {
                if (placed[i] || taskCpus[i] > freeCpus || taskMem[i] > freeMem) {
                    continue;
                }
                placed[i] = true;
                placedCount++;
                freeCpus -= taskCpus[i];
                freeMem -= taskMem[i];
                taskIds.add(pending.get(i).id());
                if (i == firstUnplaced) {
                    while (firstUnplaced < n && placed[firstUnplaced]) {
                        firstUnplaced++;
                    }
                }
            }
            double offeredCpus = cpus / 1000.0;
            double offeredMem = mem / 1000.0;
            if (taskIds.isEmpty()) {
                declines.addAll(offerIds);
                outcomes.add(new OfferOutcome(agent.getKey(), offerIds, offeredCpus, offeredMem, 0,
                        placedCount == n ? "declined: no task waiting"
                                : "declined: no waiting task fits" + (startsExecutor
                                        ? " (the executor needs " + executor.cpus() + " cpus, " + executor.memMb() + " MiB first)"
                                        : "")));
            } else {
                launches.add(new AgentLaunch(agent.getKey(), offerIds, taskIds, startsExecutor));
                outcomes.add(new OfferOutcome(agent.getKey(), offerIds, offeredCpus, offeredMem, taskIds.size(),
                        "launched " + taskIds.size() + (startsExecutor ? " (and the executor)" : "")));
            }
        }
        return new Plan(launches, declines, n - placedCount, outcomes);
    }

    /** Thousandths, rounded: Mesos keeps three decimal digits of a scalar. */
    static long milli(double value) {
        return Math.round(value * 1000.0);
    }
}
