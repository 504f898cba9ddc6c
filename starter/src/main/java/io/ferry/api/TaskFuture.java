package io.ferry.api;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The future of a task submitted to Ferry. Completes exactly once: with the task's result; exceptionally with a
 * {@link io.ferry.task.TaskFailure} (the remote exception, or why the task could not run); or as cancelled.
 *
 * <p>{@link #cancel(boolean)} cancels the task itself: a queued task never runs, a running one is killed on its
 * agent. Stages derived from this future ({@code thenApply}…) are plain futures: cancelling them does not kill.
 *
 * @param <T> the task's result type
 * @since 0.1
 */
public final class TaskFuture<T> extends CompletableFuture<T> {

    private final String taskId;
    private final transient Consumer<String> canceller;

    TaskFuture(String taskId, Consumer<String> canceller) {
        this.taskId = taskId;
        this.canceller = canceller;
    }

    /** Ferry's id of the task, as shown by the API and the dashboard. */
    public String taskId() {
        return taskId;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            canceller.accept(taskId);
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "TaskFuture[" + taskId + ", " + super.toString() + "]";
    }
}
