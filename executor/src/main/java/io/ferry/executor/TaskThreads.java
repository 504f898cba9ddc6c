package io.ferry.executor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run tasks: a {@link ForkJoinPool} of at most {@code threads} threads, each task on one thread
 * from start to end, first come first served; idle threads end after a minute.
 *
 * <p>Why not a {@code ThreadPoolExecutor}: with many short tasks its threads spent two thirds of their time in
 * the queue's lock and condition (every hand-over parked and woke a thread through the lock, in the kernel), which
 * made the task pool 70 % of an executor's CPU for no-op tasks. A fork-join pool hands tasks over without a lock,
 * keeps its idle threads in a stack (the one woken next is the one that ran last, its caches warm) and lets a
 * thread that finished a task take the next one without parking. Measured with the benchmark (window 256): the
 * executors' CPU per task fell from 28–33 µs to 19 µs.
 */
final class TaskThreads {

    private TaskThreads() {
    }

    static ForkJoinPool create(int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ForkJoinPool(threads, pool -> new TaskThread(pool, "ferry-task-" + count.incrementAndGet()),
                null, true, 0, threads, 1, null, 60, TimeUnit.SECONDS);
    }

    private static final class TaskThread extends ForkJoinWorkerThread {
        TaskThread(ForkJoinPool pool, String name) {
            super(pool);
            setName(name);
            setDaemon(true);
        }

        /**
         * A thread may be made on a task's thread (a task that waits for a CompletableFuture lets the pool add a
         * thread for it) and would inherit that task's output route: it starts with none.
         */
        @Override
        protected void onStart() {
            super.onStart();
            TaskOutput.leave();
        }
    }
}
