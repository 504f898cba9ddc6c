package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.task.RemoteError;
import io.ferry.task.TaskFailure;
import io.ferry.wire.FerryEnv;
import io.ferry.wire.JavaSerialization;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs Ferry tasks: deserializes {@code TaskInfo.data} into an {@link io.ferry.task.Task} through the
 * {@link AppClassLoader}, runs it on a pool, and reports what happened as {@link TaskUpdate}s. This class is a
 * task's lifecycle (launch, kill, {@code TASK_RUNNING}, output, the JVM's fitness); the body that ends in the
 * terminal update is {@link TaskExecution}.
 *
 * <p>What {@code TaskStatus.data} holds, per state:
 * <ul>
 *   <li>{@code TASK_FINISHED}: the result, Java-serialized ({@code null} results too).</li>
 *   <li>{@code TASK_FAILED}: a Java-serialized {@link RemoteError} (the task's throwable, or a {@link TaskFailure}
 *       saying why Ferry could not run it or return its result); {@code message} is its {@code toString()},
 *       cut to {@value FailureUpdates#MAX_MESSAGE_CHARS} characters. If even the error cannot be serialized within
 *       the result limit, a trimmed one is sent, and failing that no data, only the message.</li>
 *   <li>{@code TASK_RUNNING}, {@code TASK_KILLED}: nothing.</li>
 * </ul>
 *
 * <p><b>Few updates per task.</b> The agent forwards a task's next update only after the scheduler acknowledged
 * the previous one ({@code docs/mesos-notes.md} §2.5), so every update costs a full round trip through agent,
 * master and scheduler. {@code TASK_RUNNING} is therefore sent only when a task is still running after
 * {@link FerryEnv#RUNNING_UPDATE_DELAY} (25 ms by default): a quick task sends just its terminal update, which
 * Mesos allows (§3.2).
 *
 * <p><b>Exactly one terminal update per task.</b> Completion, failure and kill race for the task's lock; the
 * first wins and the others are dropped (a result that arrives after a KILL is discarded). Updates of one task are
 * handed on under that lock, so they leave in the order they were made.
 *
 * <p><b>Threads.</b> Up to {@link FerryEnv#THREADS} at once, started when tasks arrive and ended after a minute
 * idle; Mesos' resource accounting bounds how many tasks are launched at once, and extra ones wait in a queue.
 * A KILL interrupts the task's thread; a task that ignores interrupts keeps its thread until it returns.
 *
 * <p><b>What makes the JVM unfit</b> is reported to the {@code restarts} consumer as a {@link RestartReason}; what
 * to do about it is {@link FerryExecutor}'s decision:
 * <ul>
 *   <li>a killed task whose thread still runs {@link Settings#killGrace} after the interrupt (a watchdog timer per
 *       kill checks); such a thread is counted in {@link #stuck()} until it returns, if ever;</li>
 *   <li>a task that threw {@link OutOfMemoryError}, after its {@code TASK_FAILED} was handed on. A
 *       {@link StackOverflowError} is only the task's failure: the stack unwound, nothing else is affected.</li>
 * </ul>
 *
 * <p><b>Each task's output</b> (what it writes to {@code System.out} and {@code System.err}) also goes to files of
 * its own below the sandbox, {@code tasks/<task id>/stdout} and {@code stderr} ({@link TaskOutputStore}): the
 * runner routes those streams by task ({@link TaskOutputRouter}, installed once per JVM) and closes a task's files
 * before its terminal update leaves, so whoever got the update finds the whole output. The pool's and the timers'
 * threads are made without inheriting thread-locals, so none of them carries a task's route; a task thread
 * leaves its route when the task is done.
 *
 * <p><b>Limits on task data.</b> {@code TaskInfo.data} larger than {@link Settings#maxTaskBytes} fails its task
 * before deserializing, and deserializing goes through {@link JavaSerialization}'s filter; both fail the task with
 * a message that names the limit.
 */
final class TaskRunner implements AutoCloseable {

    /**
     * How tasks are run.
     *
     * @param threads        the most tasks run at once
     * @param maxTaskBytes   the largest {@code TaskInfo.data} deserialized
     * @param maxResultBytes the largest serialized result
     * @param runningDelay   how long a task runs before {@code TASK_RUNNING} is reported
     * @param killGrace      how long a killed task's thread may go on before it counts as stuck
     * @param sandbox        the sandbox, below which each task's output is kept
     * @param outputLimits   how much of each task's output is kept, and of how many tasks
     */
    record Settings(int threads, int maxTaskBytes, int maxResultBytes, Duration runningDelay, Duration killGrace,
                    Path sandbox, TaskOutputStore.Limits outputLimits) {
        Settings {
            Objects.requireNonNull(runningDelay, "runningDelay");
            Objects.requireNonNull(killGrace, "killGrace");
            Objects.requireNonNull(sandbox, "sandbox");
            Objects.requireNonNull(outputLimits, "outputLimits");
        }

        /**
         * From the executor's configuration. The task limit is the app's ({@link JavaSerialization#MAX_TASK_BYTES})
         * or an eighth of this JVM's heap, whichever is smaller: the data is held once as the event's bytes and once
         * more as the object graph, which can take a few times its size; an eighth keeps one big task from using
         * up a small executor's heap.
         */
        static Settings of(ExecutorConfig config, long maxHeapBytes) {
            int maxTask = (int) Math.min(JavaSerialization.MAX_TASK_BYTES, Math.max(1, maxHeapBytes / 8));
            return new Settings(config.threads(), maxTask, config.maxResultBytes(), config.runningDelay(),
                    config.killGrace(), Path.of(config.sandbox()), TaskOutputStore.Limits.DEFAULT);
        }
    }

    private final ClassLoader loader;
    private final Settings settings;
    private final TaskExecution execution;
    private final Duration runningDelay;
    private final Consumer<TaskUpdate> updates;
    private final Consumer<RestartReason> restarts;
    private final ForkJoinPool pool;
    private final ScheduledThreadPoolExecutor timers;
    private final TaskOutputStore outputs;
    private final Map<String, RunningTask> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger stuck = new AtomicInteger();
    private final RunningSweep runningSweep;
    private volatile String refusal;

    /**
     * @param loader   resolves the classes of tasks and results
     * @param settings limits and delays
     * @param updates  receives every update; called on task threads, under the task's lock
     * @param restarts told when the JVM became unfit to run tasks; called on a task or timer thread, never under
     *                 a task's lock
     */
    TaskRunner(ClassLoader loader, Settings settings, Consumer<TaskUpdate> updates, Consumer<RestartReason> restarts) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.execution = new TaskExecution(loader, settings.maxTaskBytes(), settings.maxResultBytes());
        this.runningDelay = settings.runningDelay();
        this.updates = Objects.requireNonNull(updates, "updates");
        this.restarts = Objects.requireNonNull(restarts, "restarts");
        int threads = settings.threads();
        this.pool = TaskThreads.create(threads);
        this.timers = new ScheduledThreadPoolExecutor(1, daemonThreads("ferry-running-timer-"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.runningSweep = new RunningSweep(timers, runningDelay, tasks.values());
        this.outputs = new TaskOutputStore(settings.sandbox(), settings.outputLimits(), TaskOutputRouter.install());
    }

    /** Starts {@code info}; a second launch of a task id that is still here is ignored. */
    void launch(TaskInfo info) {
        String id = info.getTaskId().getValue();
        RunningTask task = new RunningTask(id, info.getData());
        if (tasks.putIfAbsent(id, task) != null) {
            return;
        }
        String refused = refusal;
        if (refused != null) {
            task.end(new TaskUpdate(id, TaskState.TASK_KILLED, ByteString.EMPTY, refused));
            return;
        }
        pool.execute(task);
    }

    /** Kills task {@code taskId} if it is here and not done: {@code TASK_KILLED} with {@code why}, then interrupt. */
    void kill(String taskId, String why) {
        RunningTask task = tasks.get(taskId);
        if (task != null) {
            task.kill(why);
        }
    }

    /** Kills every task, and every task launched from now on; returns how many were killed. */
    int killAll(String why) {
        refuse(why);
        int killed = 0;
        for (RunningTask task : tasks.values()) {
            if (task.kill(why)) {
                killed++;
            }
        }
        return killed;
    }

    /** Reports every task launched from now on {@code TASK_KILLED} with {@code why}, without running it. */
    void refuse(String why) {
        refusal = Objects.requireNonNull(why, "why");
    }

    /** Whether tasks launched now are refused. */
    boolean refusing() {
        return refusal != null;
    }

    /** How many tasks have not ended yet. */
    int active() {
        return tasks.size();
    }

    /** The ids of the tasks that have not ended yet; safe from any thread, even during JVM shutdown (no locks). */
    Set<String> activeIds() {
        return Set.copyOf(tasks.keySet());
    }

    /** How many threads run tasks that were killed more than the kill grace ago. */
    int stuck() {
        return stuck.get();
    }

    /** Waits until no task is active (stuck ones have ended), at most until {@code deadlineNanos}. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        synchronized (tasks) {
            while (!tasks.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                tasks.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        timers.shutdownNow();
    }

    /**
     * Threads that inherit no thread-locals: the timer thread may start on a task's thread, whose output route it
     * must not carry.
     */
    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + n.incrementAndGet(), 0, false);
            t.setDaemon(true);
            return t;
        };
    }

    /** One task from launch to its terminal update. Its monitor orders its updates and guards the fields. */
    private final class RunningTask implements Runnable, RunningSweep.Started {
        private final String id;
        private final ByteString data;
        private final TaskOutput output;
        private Thread thread;
        private boolean ended;
        private boolean counted;
        /**
         * When it started on its thread (System.nanoTime; valid once {@code started}), and whether TASK_RUNNING was
         * sent. Volatile so that a sweep passes over tasks not due yet without taking their lock.
         */
        private volatile long startedNanos;
        private volatile boolean started;
        private boolean runningReported;
        /** Set on the task's thread when the task threw it; read there after the terminal update. */
        private OutOfMemoryError outOfMemory;

        RunningTask(String id, ByteString data) {
            this.id = id;
            this.data = data;
            this.output = outputs.output(id);
        }

        @Override
        public void run() {
            synchronized (this) {
                if (ended) {
                    return; // killed while queued
                }
                thread = Thread.currentThread();
                startedNanos = System.nanoTime();
                started = true;
                if (runningDelay.isZero()) {
                    runningReported = true;
                    updates.accept(new TaskUpdate(id, TaskState.TASK_RUNNING, ByteString.EMPTY, null));
                }
            }
            if (!runningDelay.isZero()) {
                runningSweep.soon();
            }
            Thread.currentThread().setContextClassLoader(loader);
            output.enter();
            try {
                TaskExecution.Outcome outcome = execution.run(id, data);
                outOfMemory = outcome.outOfMemory();
                end(outcome.update());
            } catch (Throwable e) {
                // Not even the outcome could be made (no memory left for it, say); still end the task.
                if (e instanceof OutOfMemoryError oom) {
                    outOfMemory = oom;
                }
                end(TaskExecution.undescribed(id, e));
            } finally {
                TaskOutput.leave();
                synchronized (this) {
                    thread = null;
                    if (counted) {
                        stuck.decrementAndGet();
                    }
                }
                // A KILL that raced with the end must not interrupt the next task on this pool thread.
                Thread.interrupted();
            }
            if (outOfMemory != null) {
                restarts.accept(new RestartReason.OutOfMemory(id, String.valueOf(outOfMemory)));
            }
        }

        /** The watchdog of a kill: the thread that was interrupted still runs this task. */
        private void checkStuck() {
            Thread t;
            synchronized (this) {
                t = thread;
                if (t == null || counted) {
                    return;
                }
                counted = true;
                stuck.incrementAndGet();
            }
            restarts.accept(new RestartReason.StuckTask(id, t.getName(), t.getStackTrace(), settings.killGrace()));
        }

        @Override
        public void reportRunningIfDue(long now) {
            if (!started || now - startedNanos < runningDelay.toNanos()) {
                return;
            }
            synchronized (this) {
                if (thread != null && !ended && !runningReported) {
                    runningReported = true;
                    updates.accept(new TaskUpdate(id, TaskState.TASK_RUNNING, ByteString.EMPTY, null));
                }
            }
        }

        /** @return whether this kill ended the task (it was not over yet) */
        boolean kill(String why) {
            synchronized (this) {
                if (!end(new TaskUpdate(id, TaskState.TASK_KILLED, ByteString.EMPTY, why))) {
                    return false;
                }
                if (thread != null) {
                    thread.interrupt();
                    timers.schedule(this::checkStuck, settings.killGrace().toNanos(), TimeUnit.NANOSECONDS);
                }
                return true;
            }
        }

        /** Sends {@code update} if this task has not ended yet (compare-and-set on {@link #ended}). */
        synchronized boolean end(TaskUpdate update) {
            if (ended) {
                return false;
            }
            ended = true;
            // Closed before the update leaves, so that whoever got the update reads the whole output.
            output.close();
            // Handed on before the task leaves the map: whoever waits for an idle runner (awaitIdle) then waits
            // for the acknowledgements, and must find this update among them.
            updates.accept(update);
            tasks.remove(id, this);
            if (tasks.isEmpty()) {
                synchronized (tasks) {
                    tasks.notifyAll();
                }
            }
            return true;
        }
    }
}
