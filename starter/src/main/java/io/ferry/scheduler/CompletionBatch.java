package io.ferry.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completions of callers' futures made during one batch of the scheduler loop, handed to the completion pool
 * as one task when the batch ends ({@link #flush}). The loop never runs a caller's callbacks itself; handing each
 * completion over on its own cost a thread wake-up per task, a good part of the scheduler's CPU at high rates
 * (measured with async-profiler on the benchmark). The futures of one batch complete in order on one pool thread,
 * so a callback that blocks holds up the others of its batch (never the loop).
 *
 * <p>{@link #execute} and {@link #flush} are for the loop's thread only.
 */
final class CompletionBatch implements Executor {

    private static final Logger log = LoggerFactory.getLogger(CompletionBatch.class);

    private final Executor pool;
    private List<Runnable> pending = new ArrayList<>();

    CompletionBatch(Executor pool) {
        this.pool = pool;
    }

    /** Keeps {@code completion} for the end of the batch. */
    @Override
    public void execute(Runnable completion) {
        pending.add(completion);
    }

    /** Hands what the batch completed to the pool; if the pool is shut down (stopping), completes it here. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Runnable> batch = pending;
        pending = new ArrayList<>();
        try {
            pool.execute(() -> runAll(batch));
        } catch (RejectedExecutionException stopping) {
            runAll(batch); // every future completes, even while the scheduler stops
        }
    }

    private static void runAll(List<Runnable> batch) {
        for (Runnable completion : batch) {
            try {
                completion.run();
            } catch (RuntimeException | Error e) {
                log.error("Completing a task's future failed", e);
            }
        }
    }
}
