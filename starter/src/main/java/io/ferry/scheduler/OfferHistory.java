package io.ferry.scheduler;

import java.util.List;

/**
 * The last {@link #CAPACITY} offer decisions, in a ring the loop writes (one slot per decision, nothing else
 * moves) and publishes as an immutable list once per batch of the loop, and only when something was recorded: a
 * batch that decided nothing costs a field read.
 */
final class OfferHistory {

    static final int CAPACITY = 300;

    private final OfferDecision[] ring;
    private int next;
    private int size;
    private boolean changed;
    private volatile List<OfferDecision> published = List.of();

    OfferHistory() {
        this(CAPACITY);
    }

    OfferHistory(int capacity) {
        this.ring = new OfferDecision[capacity];
    }

    /** On the loop. */
    void record(OfferDecision decision) {
        ring[next] = decision;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        changed = true;
    }

    /** On the loop, after each batch. */
    void publish() {
        if (!changed) {
            return;
        }
        changed = false;
        OfferDecision[] newestFirst = new OfferDecision[size];
        for (int i = 0; i < size; i++) {
            newestFirst[i] = ring[Math.floorMod(next - 1 - i, ring.length)];
        }
        published = List.of(newestFirst);
    }

    /** Any thread: the decisions as of the last batch, newest first. */
    List<OfferDecision> published() {
        return published;
    }
}
