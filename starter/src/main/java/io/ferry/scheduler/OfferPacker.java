package io.ferry.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which ready tasks go into which offers. A pure function: no fields, no I/O, so it is cheap to test
 * with tables and to benchmark alone.
 *
 * <p>Offers of one agent are combined (an ACCEPT may name several offers of one agent, docs/mesos-notes.md §5).
 * Tasks are taken in the ready line's order, first fit: a task that does not fit an agent is left for the next agent, and
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

    /** A ready task: what it asks for, and how many bytes its TaskInfo carries. */
    record ReadyTask(String id, double cpus, double memMb, long bytes) {
        ReadyTask(String id, double cpus, double memMb) {
            this(id, cpus, memMb, 0);
        }
    }

    /** What the executor itself takes on an agent where it is not running yet. */
    record ExecutorCost(double cpus, double memMb) {
    }

    /**
     * The tasks to launch on one agent, with the offers that pay for them and what the launch takes of them (its
     * tasks, and the executor if it starts one).
     */
    record AgentLaunch(String agentId, List<String> offerIds, List<String> taskIds, boolean startsExecutor,
                       double cpusUsed, double memMbUsed) {
    }

    /**
     * The offers of one agent nothing went into, and why: they are held (new work may come).
     *
     * @param smallestUnfit for {@link OfferDecision.Reason#NOTHING_FITS}: a smallest of the tasks left out: of those
     *                      the round tried, the one with the fewest cpus, then the least memory; or the ready task
     *                      with the fewest cpus, if the round ended (no agent had room left) before it tried that
     *                      one. Else null
     * @param freeCpus      cpus the offers leave for tasks (less the executor's, if it would start)
     * @param freeMemMb     memory they leave for tasks, MiB
     */
    record AgentHeld(String agentId, List<String> offerIds, OfferDecision.Reason reason,
                     OfferDecision.UnfitTask smallestUnfit, double freeCpus, double freeMemMb,
                     boolean startsExecutor) {
    }

    /**
     * @param launches one entry per agent that gets tasks
     * @param unused   offers nothing went into; the scheduler holds them (new work may come) and declines them only
     *                 when their hold ends, so their outcome says "held"
     * @param unplaced how many of the ready tasks got no place
     * @param outcomes per agent: what was offered and what was done with it
     * @param held     per agent that got nothing: why
     */
    record Plan(List<AgentLaunch> launches, List<String> unused, int unplaced, List<OfferOutcome> outcomes,
                List<AgentHeld> held) {
    }

    static Plan pack(List<OfferSlice> offers, List<ReadyTask> ready, ExecutorCost executor) {
        return pack(offers, ready, executor, Long.MAX_VALUE);
    }

    /**
     * @param maxBytesPerAgent the most task bytes one agent's launch may carry (one ACCEPT call): past it, further
     *                         tasks stay ready for the leftovers, which come straight back as a new offer. An agent's
     *                         first task always goes, whatever its size.
     */
    static Plan pack(List<OfferSlice> offers, List<ReadyTask> ready, ExecutorCost executor,
                     long maxBytesPerAgent) {
        Map<String, List<OfferSlice>> byAgent = new LinkedHashMap<>();
        for (OfferSlice offer : offers) {
            byAgent.computeIfAbsent(offer.agentId(), k -> new ArrayList<>()).add(offer);
        }
        int agents = byAgent.size();
        String[] agentIds = new String[agents];
        List<List<String>> offerIds = new ArrayList<>(agents);
        long[] offeredCpus = new long[agents];
        long[] offeredMem = new long[agents];
        long[] freeCpus = new long[agents];
        long[] freeMem = new long[agents];
        boolean[] startsExecutor = new boolean[agents];
        long[] bytes = new long[agents];
        List<List<String>> taskIds = new ArrayList<>(agents);
        int a = 0;
        for (Map.Entry<String, List<OfferSlice>> agent : byAgent.entrySet()) {
            agentIds[a] = agent.getKey();
            List<String> ids = new ArrayList<>();
            boolean running = false;
            for (OfferSlice offer : agent.getValue()) {
                offeredCpus[a] += milli(offer.cpus());
                offeredMem[a] += milli(offer.memMb());
                running |= offer.executorRunning();
                ids.add(offer.offerId());
            }
            offerIds.add(ids);
            freeCpus[a] = offeredCpus[a];
            freeMem[a] = offeredMem[a];
            if (!running) {
                // The executor comes with the first task; if even it does not fit, nothing does.
                freeCpus[a] -= milli(executor.cpus());
                freeMem[a] -= milli(executor.memMb());
                startsExecutor[a] = true;
            }
            taskIds.add(new ArrayList<>());
            a++;
        }

        long minCpus = Long.MAX_VALUE;
        long minMem = Long.MAX_VALUE;
        // Which task asks for the fewest cpus (the first such), for the operator's "why nothing fits": kept where
        // the minimum is taken anyway, so that this pass over every ready task costs no more than before.
        int fewestCpus = -1;
        for (int t = 0; t < ready.size(); t++) {
            long cpus = milli(ready.get(t).cpus());
            if (cpus < minCpus) {
                minCpus = cpus;
                fewestCpus = t;
            }
            minMem = Math.min(minMem, milli(ready.get(t).memMb()));
        }
        // Agents that may still take a task; an agent leaves once it cannot fit even the smallest one.
        int[] open = new int[agents];
        int openCount = 0;
        for (int i = 0; i < agents; i++) {
            if (freeCpus[i] >= minCpus && freeMem[i] >= minMem) {
                open[openCount++] = i;
            }
        }
        int placed = 0;
        int next = 0;
        int t = 0;
        // A smallest task left out, for the operator's "why": compared only for tasks that found no place, O(1) each.
        int unfit = -1;
        long unfitCpus = Long.MAX_VALUE;
        long unfitMem = Long.MAX_VALUE;
        tasks:
        for (; t < ready.size() && openCount > 0; t++) {
            long cpus = milli(ready.get(t).cpus());
            long mem = milli(ready.get(t).memMb());
            // Round robin over the agents, so that a burst of tasks spreads over the cluster's executors instead
            // of queueing on the first agent while the others idle.
            for (int tried = 0; tried < openCount; tried++) {
                int slot = (next + tried) % openCount;
                int agent = open[slot];
                long size = ready.get(t).bytes();
                boolean roomForBytes = taskIds.get(agent).isEmpty() || bytes[agent] + size <= maxBytesPerAgent;
                if (cpus <= freeCpus[agent] && mem <= freeMem[agent] && roomForBytes) {
                    freeCpus[agent] -= cpus;
                    freeMem[agent] -= mem;
                    bytes[agent] += size;
                    taskIds.get(agent).add(ready.get(t).id());
                    placed++;
                    if (freeCpus[agent] < minCpus || freeMem[agent] < minMem) {
                        open[slot] = open[--openCount];
                        next = openCount == 0 ? 0 : slot % openCount;
                    } else {
                        next = (slot + 1) % openCount;
                    }
                    continue tasks;
                }
            }
            // No agent took it.
            if (cpus < unfitCpus || (cpus == unfitCpus && mem < unfitMem)) {
                unfit = t;
                unfitCpus = cpus;
                unfitMem = mem;
            }
        }
        if (fewestCpus >= t && minCpus < unfitCpus) {
            unfit = fewestCpus; // the round ended (no agent had room left) before it came to the task
        }

        List<AgentLaunch> launches = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        List<OfferOutcome> outcomes = new ArrayList<>();
        List<AgentHeld> held = new ArrayList<>();
        OfferDecision.UnfitTask smallestUnfit = unfit < 0 ? null
                : new OfferDecision.UnfitTask(ready.get(unfit).id(), ready.get(unfit).cpus(), ready.get(unfit).memMb());
        for (int i = 0; i < agents; i++) {
            double cpus = offeredCpus[i] / 1000.0;
            double mem = offeredMem[i] / 1000.0;
            List<String> launched = taskIds.get(i);
            if (launched.isEmpty()) {
                unused.addAll(offerIds.get(i));
                outcomes.add(new OfferOutcome(agentIds[i], offerIds.get(i), cpus, mem, 0, heldNote(ready.isEmpty(),
                        placed == ready.size(), startsExecutor[i], executor)));
                OfferDecision.Reason reason = ready.isEmpty() ? OfferDecision.Reason.NOTHING_QUEUED
                        : placed == ready.size() ? OfferDecision.Reason.OTHER_AGENTS_TOOK_ALL
                        : OfferDecision.Reason.NOTHING_FITS;
                held.add(new AgentHeld(agentIds[i], offerIds.get(i), reason,
                        reason == OfferDecision.Reason.NOTHING_FITS ? smallestUnfit : null,
                        Math.max(0, freeCpus[i]) / 1000.0, Math.max(0, freeMem[i]) / 1000.0, startsExecutor[i]));
            } else {
                launches.add(new AgentLaunch(agentIds[i], offerIds.get(i), launched, startsExecutor[i],
                        (offeredCpus[i] - freeCpus[i]) / 1000.0, (offeredMem[i] - freeMem[i]) / 1000.0));
                outcomes.add(new OfferOutcome(agentIds[i], offerIds.get(i), cpus, mem, launched.size(),
                        "launched " + launched.size() + (startsExecutor[i] ? " (and the executor)" : "")));
            }
        }
        return new Plan(launches, unused, ready.size() - placed, outcomes, held);
    }

    /** Why an agent's offers got nothing; they are held, not declined (see {@link Plan#unused()}). */
    private static String heldNote(boolean noneReady, boolean allPlaced, boolean startsExecutor, ExecutorCost executor) {
        if (noneReady) {
            return "held: no task ready";
        }
        if (allPlaced) {
            return "held: other agents took every ready task of this round";
        }
        return "held: no ready task fits" + (startsExecutor
                ? " (the executor needs " + executor.cpus() + " cpus, " + executor.memMb() + " MiB first)" : "");
    }

    /** Thousandths, rounded: Mesos keeps three decimal digits of a scalar. */
    static long milli(double value) {
        return Math.round(value * 1000.0);
    }
}
