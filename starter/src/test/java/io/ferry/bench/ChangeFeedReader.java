package io.ferry.bench;

import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskChanges;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the scheduler's change feed as the Ferry app's dashboard does, every half second on a thread of its own,
 * so that the benchmark's figures include what the feed costs the scheduler's loop when someone reads it (the
 * starter alone opens no feed, and then writes none). It only counts the ids: the reader's own work is the app's.
 */
final class ChangeFeedReader implements AutoCloseable {

    private final TaskChanges feed;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-change-feed");
        t.setDaemon(true);
        return t;
    });
    private long ids;
    private long incomplete;

    ChangeFeedReader(FerryScheduler scheduler) {
        this.feed = scheduler.openTaskChanges();
        thread.scheduleWithFixedDelay(this::drain, 0, 500, TimeUnit.MILLISECONDS);
    }

    private synchronized void drain() {
        if (!feed.drainTo(id -> ids++)) {
            incomplete++;
        }
    }

    /** What was read so far, for a {@code ferry-bench-info} line. */
    synchronized String summary() {
        return "feed_ids=" + ids + " feed_dropped=" + feed.dropped() + " feed_incomplete_drains=" + incomplete;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
