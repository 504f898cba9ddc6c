package io.ferry.api;

import io.ferry.task.Task;
import io.ferry.task.TaskOptions;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's {@link java.util.concurrent.ExecutorService} over Ferry: each callable or runnable runs as a task on
 * the cluster. They must be {@link Serializable} (a lambda cast to {@code Callable<T> & Serializable} is).
 *
 * <p>{@code shutdown}, {@code shutdownNow} and {@code awaitTermination} behave as the JDK documents, for the tasks
 * of this instance: after {@code shutdown} new tasks are rejected and running ones finish; {@code shutdownNow}
 * cancels them (and returns an empty list, since every accepted task was handed to the cluster at once).
 *
 * @since 0.1
 */
public final class FerryExecutorService extends AbstractExecutorService {

    private final TaskService service;
    private final TaskOptions options;
    private final Set<TaskFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile boolean shutdown;

    FerryExecutorService(TaskService service, TaskOptions options) {
        this.service = Objects.requireNonNull(service, "service");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new Pending<>(new CallableTask<>(callable));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new Pending<>(new RunnableTask<>(runnable, value));
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        if (command instanceof Pending<?> pending) {
            pending.start();
        } else {
            start(new RunnableTask<>(command, null));
        }
    }

    private <T> TaskFuture<T> start(Task<T> task) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("this FerryExecutorService has been shut down");
            }
            TaskFuture<T> future = service.submit(task, options);
            outstanding.add(future);
            future.whenComplete((v, e) -> {
                outstanding.remove(future);
                synchronized (lock) {
                    lock.notifyAll();
                }
            });
            return future;
        }
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
            lock.notifyAll();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        for (TaskFuture<?> f : outstanding) {
            f.cancel(true);
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && outstanding.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (!isTerminated()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** A callable run as a task; the field name shows in a "not serializable" path. */
    private record CallableTask<T>(Callable<T> callable) implements Task<T> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public T run() throws Exception {
            return callable.call();
        }
    }

    private record RunnableTask<T>(Runnable runnable, T value) implements Task<T> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public T run() {
            runnable.run();
            return value;
        }
    }

    /**
     * What {@code invokeAll}/{@code submit} of {@link AbstractExecutorService} get from {@code newTaskFor}: the
     * task is handed to the cluster when {@link #execute} starts it; until then nothing runs.
     */
    private final class Pending<T> implements RunnableFuture<T> {
        private final Task<T> task;
        private volatile TaskFuture<T> future;
        private volatile boolean cancelledEarly;

        Pending(Task<T> task) {
            this.task = task;
        }

        void start() {
            TaskFuture<T> f = FerryExecutorService.this.start(task);
            future = f;
            if (cancelledEarly) {
                f.cancel(true);
            }
            synchronized (this) {
                notifyAll();
            }
        }

        @Override
        public void run() {
            start();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            TaskFuture<T> f = future;
            if (f == null) {
                cancelledEarly = true;
                synchronized (this) {
                    notifyAll();
                }
                return true;
            }
            return f.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            TaskFuture<T> f = future;
            return f == null ? cancelledEarly : f.isCancelled();
        }

        @Override
        public boolean isDone() {
            TaskFuture<T> f = future;
            return f == null ? cancelledEarly : f.isDone();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            return started().get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return started().get(timeout, unit);
        }

        private synchronized TaskFuture<T> started() throws InterruptedException {
            while (future == null) {
                if (cancelledEarly) {
                    throw new CancellationException("cancelled before it was started");
                }
                wait();
            }
            return future;
        }
    }
}
