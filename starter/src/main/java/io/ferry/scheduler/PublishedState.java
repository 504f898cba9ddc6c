package io.ferry.scheduler;

/**
 * The {@link SchedulerState} the loop publishes: written on the loop thread only (each part of the scheduler sets
 * its own fields with a wither), read by any thread.
 */
final class PublishedState {

    private volatile SchedulerState current = SchedulerState.initial();

    SchedulerState get() {
        return current;
    }

    void set(SchedulerState state) {
        current = state;
    }
}
