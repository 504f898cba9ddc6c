package io.ferry.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A packing round: the ready tasks that the bytes-in-flight bound admits are packed into the held offers
 * ({@link OfferPacker}) and sent, one ACCEPT per agent. An ACCEPT the master refused queues its tasks again; one
 * that got no answer may have launched them, so the master is asked (RECONCILE) instead. Owned by the loop thread.
 */
final class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);
    /** Ready tasks looked at per packing round at most: more than any set of offers can hold, far fewer than 100,000. */
    private static final int PACK_WINDOW = 10_000;
    /** Ready tasks looked at first in a round: more than the offers of a few agents usually hold. */
    private static final int FIRST_WINDOW = 256;
    /** How long the leftovers of a launch that is all the work there is stay away (see launchReady). */
    private static final double LONE_LEFTOVER_REFUSE_SECONDS = 0.25;
    /**
     * The most task bytes in one ACCEPT. Tasks with large inputs would otherwise make calls of hundreds of MiB
     * (one agent's whole share in one call), copied on both sides at once. Each call is one array on both sides,
     * which G1 must place in contiguous free regions: 8 MiB asks for 9 of them, 32 MiB for 33, which a busy 512 MiB
     * heap may not have.
     */
    private static final long MAX_LAUNCH_BYTES = 8L * 1024 * 1024;

    private final TaskRegistry registry;
    private final HeldOffers offers;
    private final ExecutorDirectory executors;
    private final TaskLifecycle lifecycle;
    private final MasterSession session;
    private final SchedulerMetrics metrics;
    private final SchedulerLoop loop;
    private final long maxBytesInFlight;

    Launcher(TaskRegistry registry, HeldOffers offers, ExecutorDirectory executors, TaskLifecycle lifecycle,
             MasterSession session, SchedulerMetrics metrics, SchedulerLoop loop, long maxBytesInFlight) {
        this.registry = registry;
        this.offers = offers;
        this.executors = executors;
        this.lifecycle = lifecycle;
        this.session = session;
        this.metrics = metrics;
        this.loop = loop;
        this.maxBytesInFlight = maxBytesInFlight;
    }

    /** Called after a batch of the loop's work while subscribed, with tasks ready and offers held. */
    void launchReady() {
        ExecutorSpec executor = executors.spec();
        List<OfferPacker.OfferSlice> slices = offers.slices(executor.executorId());
        OfferPacker.ExecutorCost executorCost = new OfferPacker.ExecutorCost(executor.cpus(), executor.memMb());
        OfferPacker.Plan plan;
        // The round looks at few ready tasks first, and at more while all it looked at fit: with 100,000 queued,
        // looking at PACK_WINDOW tasks in every round to launch the few that a returning offer holds took more
        // than half of the scheduler's loop (measured with async-profiler, 100,000 tasks submitted at once).
        for (int window = FIRST_WINDOW; ; window = Math.min(PACK_WINDOW, window * 4)) {
            List<TaskRecord> peeked = registry.peekReady(window);
            List<TaskRecord> ready = peeked.subList(0, ByteAdmission.admitted(peeked, r -> r.payload.size(),
                    registry.bytesInFlight(), maxBytesInFlight));
            if (ready.isEmpty()) {
                offers.heldForBytes(); // the bytes in flight are at the bound: the held offers wait for a task to end
                return;
            }
            List<OfferPacker.ReadyTask> tasks = new ArrayList<>(ready.size());
            for (TaskRecord r : ready) {
                tasks.add(new OfferPacker.ReadyTask(r.id, r.options.cpus(), r.options.memMb(), r.payload.size()));
            }
            plan = OfferPacker.pack(slices, tasks, executorCost, MAX_LAUNCH_BYTES);
            boolean more = registry.readyCount() > peeked.size() && ready.size() == peeked.size()
                    && window < PACK_WINDOW;
            if (!more || placed(plan) < tasks.size()) {
                break; // all there is looked at, or the offers are full (or hold none of the rest)
            }
        }
        ExecutorInfo executorInfo = executors.info(session.frameworkId());
        Instant now = Instant.now();
        long nowNanos = System.nanoTime();
        int placed = placed(plan);
        // Alone: these tasks are all the work there is. Their agent's leftovers would come back as an offer now and
        // their own resources as another when they end; filtered for a moment, the agent comes back whole, once.
        // A task submitted meanwhile that fits no held offer REVIVEs (filtered), so it never waits for the filter.
        boolean alone = placed > 0 && registry.readyCount() == placed && registry.live().size() == placed;
        double leftoverRefuse = alone ? LONE_LEFTOVER_REFUSE_SECONDS : 0;
        if (alone) {
            offers.leftoversFiltered();
        }
        for (OfferPacker.AgentLaunch launch : plan.launches()) {
            List<OfferID> offerIds = new ArrayList<>();
            Offer template = null;
            for (Offer offer : offers.takeFor(launch)) {
                template = offer;
                offerIds.add(offer.getId());
            }
            // The run the attempts go into: the one running there now, or (null) the one this launch starts.
            ExecutorPlace run = executors.runningOn(launch.agentId(), executor.executorId());
            if (launch.startsExecutor()) {
                metrics.executorLaunched();
            }
            List<TaskInfo> infos = new ArrayList<>(launch.taskIds().size());
            List<TaskRecord> launched = new ArrayList<>(launch.taskIds().size());
            for (String taskId : launch.taskIds()) {
                TaskRecord r = registry.get(taskId); // ready, so live
                int attempt = r.attempts + 1;
                String mesosId = r.mesosIdFor(attempt);
                infos.add(TaskInfos.build(r, mesosId, template, executorInfo));
                r.ranIn(AttemptPlace.launched(attempt, launch.agentId(), executor.executorId(), run));
                lifecycle.launched(r, attempt, mesosId, launch.agentId(), executor.executorId(), now, nowNanos);
                launched.add(r);
            }
            executors.launched(launch.agentId(), executor.executorId(), run, launched);
            // Otherwise leftovers of an accepted offer come straight back (refuse 0): the next task is likely right
            // behind, and a held offer launches it with no round trip. Unused, they are declined after the hold.
            metrics.launched(infos.size());
            session.accept(offerIds, infos, leftoverRefuse).whenComplete((ok, error) -> {
                if (error != null) {
                    if (maybeHandled(error)) {
                        loop.post(() -> acceptUnanswered(launched, MasterConnection.describe(error)));
                    } else {
                        loop.post(() -> acceptFailed(launched, MasterConnection.describe(error)));
                    }
                }
            });
        }
        offers.heldBy(plan.held());
        offers.publish(plan.outcomes());
    }

    private static int placed(OfferPacker.Plan plan) {
        int placed = 0;
        for (OfferPacker.AgentLaunch launch : plan.launches()) {
            placed += launch.taskIds().size();
        }
        return placed;
    }

    /** The master never took the ACCEPT: the tasks did not launch, so they queue again (no attempt is used up). */
    private void acceptFailed(List<TaskRecord> launched, String reason) {
        log.warn("ACCEPT of {} task(s) failed ({}); they queue again", launched.size(), reason);
        Instant now = Instant.now();
        for (TaskRecord r : launched) {
            lifecycle.notLaunched(r, now);
        }
        offers.wantMore();
    }

    /**
     * The ACCEPT went out but its answer did not come back: the master may have launched the tasks, so queueing
     * them again could run them twice. They stay launched, and the master is asked about them (RECONCILE): a task
     * it does not know comes back TASK_LOST or TASK_UNKNOWN and is retried; the others carry on. Should that call
     * fail too, the next SUBSCRIBE reconciles every live task anyway, and each task's timeout still runs.
     */
    private void acceptUnanswered(List<TaskRecord> launched, String reason) {
        log.warn("ACCEPT of {} task(s) got no response ({}); asking the master about them", launched.size(), reason);
        List<Call.Reconcile.Task> tasks = new ArrayList<>();
        for (TaskRecord r : launched) {
            if (r.phase == TaskPhase.LAUNCHED && r.mesosState == null && r.mesosTaskId != null) {
                tasks.add(SchedulerCalls.reconcileTask(r.mesosTaskId, r.agentId));
            }
        }
        if (!tasks.isEmpty() && session.frameworkId() != null) {
            session.reconcile(tasks);
        }
    }

    private static boolean maybeHandled(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof MasterConnection.CallFailedException failed && failed.maybeHandled();
    }
}
