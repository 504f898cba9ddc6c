package io.ferry.executor;

import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Event;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * One executor process: an {@link AgentConnection} whose task events drive a {@link TaskRunner}, whose classes
 * come through an {@link AppClassLoader}. Built from an {@link ExecutorConfig}, so tests run it in-process with an
 * environment of their own.
 *
 * <p><b>Leaving.</b> The executor leaves in one of three orderly ways, whichever comes first; the first decides
 * the {@link ExitCode}:
 * <ul>
 *   <li><b>SHUTDOWN</b> (§3.2): kill every task ({@code TASK_KILLED} each), wait for the agent's ACKNOWLEDGED
 *       of every update, exit {@link ExitCode#SHUTDOWN}.</li>
 *   <li><b>Restart</b>, when {@link TaskRunner} reports a {@link RestartReason}: stop taking tasks (a LAUNCH is
 *       answered {@code TASK_KILLED}, which Ferry's scheduler retries), give the other running tasks and the
 *       updates already made the same bounded time to finish and be acknowledged, exit with the reason's code.
 *       The agent then fails the tasks still running ({@code TASK_FAILED}, {@code REASON_EXECUTOR_TERMINATED},
 *       §3.5), the scheduler retries them, and launches a new executor for later tasks.</li>
 *   <li>the {@link AgentConnection} giving up on the agent ({@link ExitCode#AGENT_LOST},
 *       {@link ExitCode#RECOVERY_TIMEOUT}, {@link ExitCode#CREDENTIALS_REFUSED}).</li>
 * </ul>
 * Both waits take at most four fifths of {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}, so that after SHUTDOWN
 * the executor leaves before the agent kills it.
 *
 * <p><b>Restart or keep going: the policy.</b>
 * <ul>
 *   <li>A task thread that ignores its kill for {@code FERRY_KILL_GRACE}: <em>restart at once</em>, even while
 *       other tasks run. Java cannot stop a thread safely ({@code Thread.stop} is gone), and the stuck thread holds
 *       a pool slot and possibly a CPU that the agent freed when {@code TASK_KILLED} arrived and that Mesos will
 *       offer again: every minute the executor kept going it would overcommit its container. Waiting for the
 *       other tasks to end first was rejected: for as long as they run, new LAUNCHes would have to be refused,
 *       and the scheduler would bounce them back to this same executor, using up their retries. The other tasks
 *       lose their progress and are retried once, which is what an executor crash costs anyway.</li>
 *   <li>A task that threw {@link OutOfMemoryError}: report it {@code TASK_FAILED} with the error (it is the task's
 *       answer: run again, it would run out again), then restart like the above. After an OOM any thread may have
 *       been cut off halfway through updating shared state (a lock never released, a map half resized), so the
 *       JVM is suspect; Spark, Hadoop and Flink's task managers exit too.</li>
 *   <li>A task that threw {@link StackOverflowError}: report it {@code TASK_FAILED} and keep going; the task's own
 *       stack unwound, and nothing else was touched.</li>
 *   <li>During SHUTDOWN nothing restarts: SHUTDOWN already ends the executor, with code 0.</li>
 * </ul>
 *
 * <p><b>{@code System.exit} in a task</b> is not blocked: the only way, a {@code SecurityManager}, is deprecated
 * for removal (JEP 411), and a task that wants the JVM gone may have its reasons. The JVM exits with the task's
 * code; the agent fails the running tasks and the scheduler retries them, the exiting one included, within its
 * retry limit. A shutdown hook writes one line to stderr naming the tasks that were running, so that the sandbox
 * says why the executor vanished; it takes no lock and cannot hang the exit.
 */
final class FerryExecutor {

    private static final Logger LOG = Logger.getLogger(FerryExecutor.class.getName());

    private final ExecutorConfig config;
    private final AgentConnection connection;
    private final TaskRunner runner;
    /** The class-data archive the launch script asked this executor to write, or null. */
    private final ClassDataArchive classData = ClassDataArchive.requested();
    /** How the executor is leaving, once it decided to; the first decision wins. */
    private final AtomicReference<ExitCode> leaving = new AtomicReference<>();

    /**
     * @param config the configuration
     * @param parent the loader asked before the app: the executor jar's own
     */
    FerryExecutor(ExecutorConfig config, ClassLoader parent) {
        this.config = Objects.requireNonNull(config, "config");
        AppClassLoader loader = new AppClassLoader(config.appUrl(), config.appToken(), config.classFetchTimeout(), parent);
        this.connection = new AgentConnection(config, this::onTaskEvent);
        this.runner = new TaskRunner(loader, TaskRunner.Settings.of(config, Runtime.getRuntime().maxMemory()),
                connection::update, this::restart);
    }

    /** Runs until SHUTDOWN was carried out, a restart was decided or the agent is lost; returns the exit code. */
    int run() {
        LOG.info("executor " + config.executorId() + " of framework " + config.frameworkId() + " starting: agent "
                + config.agentEndpoint() + ", app " + config.appUrl() + ", up to " + config.threads() + " threads"
                + ", checkpoint " + (config.checkpoint() ? "on" : "off"));
        Thread hook = new Thread(this::reportUnplannedExit, "ferry-exit-report");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int code = connection.run();
            leaving.compareAndSet(null, ExitCode.of(code));
            int active = runner.active();
            int stuck = runner.stuck();
            LOG.info("executor " + config.executorId() + " exiting with code " + code
                    + (ExitCode.of(code) != null
                            ? " (" + ExitCode.of(code) + ": " + ExitCode.of(code).meaning() + ")" : "")
                    + (active > 0 ? "; " + active + " task(s) still running" : "")
                    + (stuck > 0 ? "; " + stuck + " killed task thread(s) stuck" : ""));
            return code;
        } finally {
            runner.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook runs, and sees that the exit was planned
            }
        }
    }

    /** Stops at once, as if the agent were lost (a SHUTDOWN from the agent is the orderly way). */
    void stop() {
        connection.finish(ExitCode.AGENT_LOST.code());
    }

    AgentConnection connection() {
        return connection;
    }

    TaskRunner runner() {
        return runner;
    }

    private void onTaskEvent(Event event) {
        switch (event.getType()) {
            case LAUNCH -> {
                runner.launch(event.getLaunch().getTask());
                classDataAfterLaunch();
            }
            case LAUNCH_GROUP -> {
                classDataAfterLaunch();
                for (TaskInfo task : event.getLaunchGroup().getTaskGroup().getTasksList()) {
                    runner.launch(task);
                }
            }
            case KILL -> runner.kill(event.getKill().getTaskId().getValue(), "killed by the scheduler");
            case SHUTDOWN -> shutdown();
            case MESSAGE -> LOG.fine("ignoring a MESSAGE of " + event.getMessage().getData().size() + " bytes");
            default -> LOG.fine("ignoring event " + event.getType());
        }
    }

    private void classDataAfterLaunch() {
        if (classData != null) {
            classData.launched();
        }
    }

    /** SHUTDOWN (§3.2); runs on the HTTP client's event loop, so the waiting happens on another thread. */
    private void shutdown() {
        if (!leaving.compareAndSet(null, ExitCode.SHUTDOWN)) {
            if (leaving.get() != ExitCode.SHUTDOWN) {
                // Already restarting: the tasks the restart leaves behind get their TASK_KILLED now.
                runner.killAll("killed: the executor was shut down");
            }
            return;
        }
        int killed = runner.killAll("killed: the executor was shut down");
        LOG.info("SHUTDOWN: killed " + killed + " task(s); waiting up to " + leaveWait().toMillis()
                + " ms for the agent to acknowledge their updates");
        leaveAfterWaiting(ExitCode.SHUTDOWN, false);
    }

    /** The policy in the class comment: every reason restarts, unless the executor is already leaving. */
    private void restart(RestartReason reason) {
        LOG.severe(reason.describe());
        if (!leaving.compareAndSet(null, reason.exitCode())) {
            LOG.info("not restarting for task " + reason.taskId() + ": the executor is already leaving ("
                    + leaving.get() + ")");
            return;
        }
        runner.refuse("refused: the executor is restarting (" + reason.exitCode() + ", task " + reason.taskId() + ")");
        LOG.severe("restarting: taking no more tasks; waiting up to " + leaveWait().toMillis() + " ms for "
                + runner.active() + " other running task(s) and for the agent to acknowledge every update, then"
                + " exiting with code " + reason.exitCode().code() + " (" + reason.exitCode() + ")");
        leaveAfterWaiting(reason.exitCode(), true);
    }

    private Duration leaveWait() {
        return config.shutdownGrace().multipliedBy(4).dividedBy(5);
    }

    /**
     * Ends the connection with {@code code} once (optionally) no task runs and every update is acknowledged, or
     * after {@link #leaveWait()}; on a thread of its own, since ACKNOWLEDGED events arrive on the event loop.
     */
    private void leaveAfterWaiting(ExitCode code, boolean waitForTasks) {
        long deadline = System.nanoTime() + leaveWait().toNanos();
        Thread waiter = new Thread(() -> {
            try {
                if (waitForTasks && !runner.awaitIdle(deadline)) {
                    LOG.warning(runner.active() + " task(s) still running; the agent will report them failed");
                }
                if (!connection.awaitAcknowledged(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.warning("the agent did not acknowledge every update within " + leaveWait().toMillis() + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection.finish(code.code());
        }, "ferry-leave");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Shutdown hook: one line if the JVM exits without the executor having decided to (no locks: cannot hang). */
    private void reportUnplannedExit() {
        if (leaving.get() != null) {
            return;
        }
        Set<String> running = runner.activeIds();
        System.err.println("ferry-executor: the JVM is exiting without the executor deciding to (System.exit in a"
                + " task, or a signal)" + (running.isEmpty() ? "" : "; tasks running: " + running));
    }
}
