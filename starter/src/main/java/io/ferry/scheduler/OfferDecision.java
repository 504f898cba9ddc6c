package io.ferry.scheduler;

import java.time.Instant;
import java.util.List;

/**
 * What became of an offer, recorded once, when it was decided: launched into, declined when its hold ended,
 * declined at once, rescinded by the master, or void with its subscription. One launch uses all the offers of one
 * agent it was packed into, so one decision may name several offers; every other decision names one.
 *
 * @param at            when it was decided
 * @param agentId       the agent
 * @param hostname      the agent's host name
 * @param offerIds      the offers
 * @param cpus          cpus offered
 * @param memMb         memory offered, MiB
 * @param received      when the (first) offer came
 * @param fate          what became of it
 * @param reason        why it was held, for {@link Fate#HOLD_EXPIRED}; why it was declined, for {@link Fate#DECLINED};
 *                      else null
 * @param note          the decision in words, e.g. "launched 3 tasks and the executor"
 * @param launched      how many tasks went into it
 * @param taskIds       the first {@link #MAX_TASK_IDS} of them
 * @param cpusUsed      cpus the launch took (its tasks, and the executor if it started one)
 * @param memMbUsed     memory the launch took, MiB
 * @param smallestUnfit for {@link Reason#NOTHING_FITS}: a smallest task of those the last packing round left out,
 *                      else null
 */
public record OfferDecision(Instant at, String agentId, String hostname, List<String> offerIds, double cpus,
                            double memMb, Instant received, Fate fate, Reason reason, String note, int launched,
                            List<String> taskIds, double cpusUsed, double memMbUsed, UnfitTask smallestUnfit) {

    /** Task ids kept per decision: a launch of thousands keeps its count, and only the first ids. */
    public static final int MAX_TASK_IDS = 20;

    public enum Fate {
        /** Tasks were launched into it (what it had left went back with the ACCEPT). */
        LAUNCHED,
        /** Held for {@code ferry.mesos.offer-hold} with nothing put into it, then declined. */
        HOLD_EXPIRED,
        /** Declined at once, for {@link #reason()}. */
        DECLINED,
        /** The master took it back (RESCIND). */
        RESCINDED,
        /** The subscription it came with ended: it was void without a word from the master (docs/mesos-notes.md §5). */
        VOIDED
    }

    public enum Reason {
        NOTHING_QUEUED("no task was ready"),
        NOTHING_FITS("no ready task fit"),
        BYTES_IN_FLIGHT("the task bytes in flight were at ferry.scheduler.max-bytes-in-flight"),
        OTHER_AGENTS_TOOK_ALL("other agents took every ready task"),
        AGENT_BACKING_OFF("Ferry's executor kept failing to start on the agent: it launches nothing there for a while"),
        EXECUTOR_EXITED("Ferry's executor on the agent exited: the offer still counted it as running"),
        AGENT_REMOVED("the master removed the agent");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        /** The reason in words, for a page. */
        public String words() {
            return words;
        }
    }

    /** A task a packing round could not place: what it asks for. */
    public record UnfitTask(String taskId, double cpus, double memMb) {
    }
}
