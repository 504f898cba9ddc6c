package io.ferry.executor;

import io.ferry.wire.FerryEnv;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A {@link FerryExecutor} run in-process on a thread of its own, with an agent's environment for tests. */
final class ExecutorUnderTest implements AutoCloseable {

    final FerryExecutor executor;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private ExecutorUnderTest(Map<String, String> env) {
        executor = new FerryExecutor(ExecutorConfig.fromEnv(env), ClassServer.parentWithoutTestApp());
        Thread t = new Thread(() -> exit.complete(executor.run()), "executor-under-test");
        t.setDaemon(true);
        t.start();
    }

    /** The environment an agent at {@code agentEndpoint} gives a checkpointing (or not) executor. */
    static Map<String, String> env(String agentEndpoint, ClassServer app, boolean checkpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("MESOS_AGENT_ENDPOINT", agentEndpoint);
        env.put("MESOS_FRAMEWORK_ID", ScriptedAgent.FRAMEWORK_ID);
        env.put("MESOS_EXECUTOR_ID", ScriptedAgent.EXECUTOR_ID);
        env.put("MESOS_DIRECTORY", "/tmp/sandbox-of-test");
        env.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
        if (checkpoint) {
            env.put("MESOS_RECOVERY_TIMEOUT", "20secs");
            env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "50ms");
        }
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
        env.put(FerryEnv.APP_URL, app.url());
        env.put(FerryEnv.TOKEN, ClassServer.TOKEN);
        env.put(FerryEnv.RUNNING_UPDATE_DELAY, "1hrs"); // no TASK_RUNNING unless a test asks for it
        return env;
    }

    static ExecutorUnderTest start(Map<String, String> env) {
        return new ExecutorUnderTest(env);
    }

    /** The exit code, waiting at most 20 s for it. */
    int exitCode() throws Exception {
        return exit.get(20, TimeUnit.SECONDS);
    }

    boolean exited() {
        return exit.isDone();
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            executor.stop();
            exitCode();
        }
    }
}
