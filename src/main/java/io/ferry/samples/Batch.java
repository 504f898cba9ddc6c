package io.ferry.samples;

import java.time.Instant;
import java.util.List;

/**
 * The tasks of one launch: what the dashboard and {@code POST /api/samples} hand back, so that their progress can be
 * followed as one. Each of its tasks carries the label {@code batch=<id>} as well.
 *
 * @param id      the batch's id, e.g. {@code b12}
 * @param kind    the sample kind: hello, pi, sleep or fail
 * @param created when it was launched
 * @param taskIds its tasks, in launch order
 */
public record Batch(String id, String kind, Instant created, List<String> taskIds) {

    /** The label every task of a batch carries, with the batch's id as its value. */
    public static final String LABEL = "batch";

    public Batch {
        taskIds = List.copyOf(taskIds);
    }
}
