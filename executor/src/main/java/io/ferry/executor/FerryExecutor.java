package io.ferry.executor;

import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Event;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * One executor process: an {@link AgentConnection} whose task events drive a {@link TaskRunner}, whose classes
 * come through an {@link AppClassLoader}. Built from an {@link ExecutorConfig}, so tests run it in-process with an
 * environment of their own.
 */
final class FerryExecutor {

    private static final Logger LOG = Logger.getLogger(FerryExecutor.class.getName());

    private final ExecutorConfig config;
    private final AgentConnection connection;
    private final TaskRunner runner;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    /**
     * @param config the configuration
     * @param parent the loader asked before the app: the executor jar's own
     */
    FerryExecutor(ExecutorConfig config, ClassLoader parent) {
        this.config = Objects.requireNonNull(config, "config");
        AppClassLoader loader = new AppClassLoader(config.appUrl(), config.appToken(), config.classFetchTimeout(), parent);
        this.connection = new AgentConnection(config, this::onTaskEvent);
        this.runner = new TaskRunner(loader, config.threads(), config.maxResultBytes(), config.runningDelay(),
                connection::update);
    }

    /** Runs until SHUTDOWN was carried out or the agent is lost; returns the process's exit code. */
    int run() {
        LOG.info("executor " + config.executorId() + " of framework " + config.frameworkId() + " starting: agent "
                + config.agentEndpoint() + ", app " + config.appUrl() + ", up to " + config.threads() + " threads"
                + ", checkpoint " + (config.checkpoint() ? "on" : "off"));
        try {
            int code = connection.run();
            LOG.info("executor " + config.executorId() + " exiting with code " + code
                    + (runner.active() > 0 ? "; " + runner.active() + " task(s) still running" : ""));
            return code;
        } finally {
            runner.close();
        }
    }

    /** Stops at once, as if the agent were lost (a SHUTDOWN from the agent is the orderly way). */
    void stop() {
        connection.finish(1);
    }

    AgentConnection connection() {
        return connection;
    }

    private void onTaskEvent(Event event) {
        switch (event.getType()) {
            case LAUNCH -> runner.launch(event.getLaunch().getTask());
            case LAUNCH_GROUP -> {
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

    /**
     * SHUTDOWN (§3.2): kill every task, then wait for the agent to acknowledge every update before exiting. The
     * wait happens off the reading thread (the ACKNOWLEDGED events arrive on it) and takes at most four fifths of
     * the grace period, so that the executor leaves before the agent kills it.
     */
    private void shutdown() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        int killed = runner.killAll("killed: the executor was shut down");
        Duration wait = config.shutdownGrace().multipliedBy(4).dividedBy(5);
        LOG.info("SHUTDOWN: killed " + killed + " task(s); waiting up to " + wait.toMillis()
                + " ms for the agent to acknowledge their updates");
        Thread waiter = new Thread(() -> {
            try {
                if (!connection.awaitAcknowledged(wait)) {
                    LOG.warning("SHUTDOWN: the agent did not acknowledge every update within " + wait.toMillis() + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection.finish(0);
        }, "ferry-shutdown");
        waiter.setDaemon(true);
        waiter.start();
    }
}
