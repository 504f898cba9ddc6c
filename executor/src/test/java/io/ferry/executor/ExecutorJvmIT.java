package io.ferry.executor;

import io.ferry.executor.testapp.Accents;
import io.ferry.executor.testapp.Exit;
import io.ferry.executor.testapp.Explode;
import io.ferry.executor.testapp.Square;
import io.ferry.executor.testapp.Stubborn;
import io.ferry.task.RemoteError;
import io.ferry.wire.ExecutorHello;
import io.ferry.wire.FerryEnv;
import io.ferry.wire.JavaSerialization;
import io.ferry.wire.TaskOutputLayout;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.ferry.executor.ScriptedAgent.message;
import static io.ferry.executor.ScriptedAgent.subscribe;
import static io.ferry.executor.ScriptedAgent.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent jar in its own JVM, started the way a Mesos agent starts it: {@code ferry-executor.sh} and
 * {@code ferry-executor.jar} side by side in a sandbox that is the working directory, with only the variables
 * an agent and Ferry's scheduler set. Runs in the verify phase, after the jar is built.
 */
class ExecutorJvmIT {

    private final ScriptedAgent agent = new ScriptedAgent();
    private final ClassServer app = new ClassServer();
    private Process process;

    @TempDir
    Path sandbox;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        agent.close();
        app.close();
    }

    static Path agentJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("ferry-executor-.*-agent\\.jar")).toList();
            assertThat(jars).as("exactly one agent jar in target/ (built by the package phase)").hasSize(1);
            return jars.get(0);
        }
    }

    /**
     * The executor's start in {@code sandbox} as an agent does it: the jar and the launch script copied there, the
     * agent's and Ferry's variables set (nothing else from this JVM's environment), its output to stdout/stderr
     * files. Callers add their own variables and start it.
     */
    static ProcessBuilder launch(Path sandbox, String agentEndpoint, String appUrl, String javaOpts)
            throws IOException {
        Files.copy(agentJar(), sandbox.resolve("ferry-executor.jar"));
        Files.copy(LaunchScriptTest.SCRIPT, sandbox.resolve("ferry-executor.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "./ferry-executor.sh").directory(sandbox.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("MESOS_AGENT_ENDPOINT", agentEndpoint);
        pb.environment().put("MESOS_FRAMEWORK_ID", ScriptedAgent.FRAMEWORK_ID);
        pb.environment().put("MESOS_EXECUTOR_ID", ScriptedAgent.EXECUTOR_ID);
        pb.environment().put("MESOS_DIRECTORY", sandbox.toString());
        pb.environment().put("MESOS_CHECKPOINT", "0");
        pb.environment().put(FerryEnv.JAVA, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put(FerryEnv.JAVA_OPTS, javaOpts);
        pb.environment().put(FerryEnv.APP_URL, appUrl);
        pb.environment().put(FerryEnv.TOKEN, ClassServer.TOKEN);
        pb.redirectOutput(sandbox.resolve("stdout").toFile());
        pb.redirectError(sandbox.resolve("stderr").toFile());
        return pb;
    }

    /** Starts the executor as an agent would, with {@code extra} variables; returns once it subscribed. */
    private void startExecutor(Map<String, String> extra) throws Exception {
        ProcessBuilder pb = launch(sandbox, agent.endpoint(), app.url(), "-Xmx64m -XX:TieredStopAtLevel=1");
        pb.environment().putAll(extra);
        process = pb.start();
        agent.await(subscribe());
        agent.send(ScriptedAgent.subscribed());
    }

    private void awaitStdout(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(sandbox.resolve("stdout"), StandardCharsets.UTF_8).contains(text)) {
            assertThat(System.nanoTime()).as("'%s' on the executor's stdout within 20 s", text).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String exitedWithStderr() throws Exception {
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        String stderr = Files.readString(sandbox.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(exited).as("exits; its stderr:%n%s", stderr).isTrue();
        return stderr;
    }

    @Test
    void aTaskThatIgnoresItsKillRestartsTheExecutorWithItsExitCode() throws Exception {
        startExecutor(Map.of(FerryEnv.KILL_GRACE, "200ms"));
        // A task id beyond ASCII (Mesos allows it): the executor's log line naming it is UTF-8 too.
        String id = "stubborn-ü✓";
        agent.send(ScriptedAgent.launch(id, JavaSerialization.serialize(new Stubborn(), 1 << 20)));
        agent.await(update(id, TaskState.TASK_RUNNING));
        awaitStdout(Stubborn.STARTED); // killed while its class still loads, the task would just end
        // The executor's stdout has it (above), and so has the task's own.
        assertThat(Files.readString(sandbox.resolve(TaskOutputLayout.relativePath(id,
                TaskOutputLayout.Stream.STDOUT)))).isEqualTo(Stubborn.STARTED + System.lineSeparator());
        agent.send(ScriptedAgent.kill(id));
        agent.await(update(id, TaskState.TASK_KILLED));
        String stderr = exitedWithStderr();
        assertThat(process.exitValue()).as(stderr).isEqualTo(ExitCode.STUCK_TASK.code());
        assertThat(stderr).contains("task " + id + " ignored its kill").contains(Stubborn.class.getName() + ".run(")
                .doesNotContain("the JVM is exiting without the executor deciding to");
    }

    @Test
    void textBeyondAsciiIsWrittenAsUtf8WithoutALocale() throws Exception {
        // The environment has no LANG or LC_ALL, as an agent starts an executor: Java 17 would write ASCII there.
        startExecutor(Map.of());
        agent.send(ScriptedAgent.launch("accents", JavaSerialization.serialize(new Accents(), 1 << 20)));
        agent.await(update("accents", TaskState.TASK_FINISHED));
        String out = Accents.OUT + System.lineSeparator();
        String err = Accents.ERR + System.lineSeparator();
        assertThat(Files.readString(sandbox.resolve(TaskOutputLayout.relativePath("accents",
                TaskOutputLayout.Stream.STDOUT)), StandardCharsets.UTF_8)).isEqualTo(out);
        assertThat(Files.readString(sandbox.resolve(TaskOutputLayout.relativePath("accents",
                TaskOutputLayout.Stream.STDERR)), StandardCharsets.UTF_8)).isEqualTo(err);
        awaitStdout(out);
        assertThat(Files.readString(sandbox.resolve("stderr"), StandardCharsets.UTF_8)).contains(err);
    }

    @Test
    void systemExitInATaskEndsTheJvmWithItsCodeAndSaysWhichTasksRan() throws Exception {
        startExecutor(Map.of());
        agent.send(ScriptedAgent.launch("exit", JavaSerialization.serialize(new Exit(42), 1 << 20)));
        String stderr = exitedWithStderr();
        assertThat(process.exitValue()).as(stderr).isEqualTo(42);
        assertThat(stderr).contains("the JVM is exiting without the executor deciding to").contains("[exit]");
    }

    @Test
    void runsTasksThroughTheLaunchScriptAndExitsOnShutdown() throws Exception {
        Path jar = agentJar();
        // Every agent downloads it: 3.6 MiB before the HTTP client moved to Netty, 5.3 MiB with it (minimized).
        assertThat(Files.size(jar)).as("the agent jar stays small").isLessThanOrEqualTo(8L * 1024 * 1024);
        Files.copy(jar, sandbox.resolve("ferry-executor.jar"));
        Files.copy(LaunchScriptTest.SCRIPT, sandbox.resolve("ferry-executor.sh"), StandardCopyOption.COPY_ATTRIBUTES);

        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "./ferry-executor.sh").directory(sandbox.toFile());
        pb.environment().clear(); // an agent passes on only what it sets (docs/mesos-notes.md §3.4)
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("MESOS_AGENT_ENDPOINT", agent.endpoint());
        pb.environment().put("MESOS_FRAMEWORK_ID", ScriptedAgent.FRAMEWORK_ID);
        pb.environment().put("MESOS_EXECUTOR_ID", ScriptedAgent.EXECUTOR_ID);
        pb.environment().put("MESOS_DIRECTORY", sandbox.toString());
        pb.environment().put("MESOS_SANDBOX", sandbox.toString());
        pb.environment().put("MESOS_CHECKPOINT", "0");
        pb.environment().put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
        pb.environment().put(FerryEnv.JAVA, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put(FerryEnv.JAVA_OPTS, "-Xmx64m -XX:TieredStopAtLevel=1");
        pb.environment().put(FerryEnv.APP_URL, app.url());
        pb.environment().put(FerryEnv.TOKEN, ClassServer.TOKEN);
        pb.redirectOutput(sandbox.resolve("stdout").toFile());
        pb.redirectError(sandbox.resolve("stderr").toFile());
        process = pb.start();

        agent.await(subscribe());
        agent.send(ScriptedAgent.subscribed());
        ExecutorHello hello = ExecutorHello.parse(agent.await(message()).getMessage().getData().toByteArray());
        assertThat(hello.directory()).isEqualTo(sandbox.toString());
        // Mesos runs the command with sh -c (shell=true), as here; the script execs java, so the JVM is the
        // script's process, a child of that shell, and no shell stands between it and the agent's signals.
        assertThat(ProcessHandle.of(hello.pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("the JVM replaced the script").contains(process.pid());
        assertThat(ProcessHandle.of(hello.pid()).flatMap(h -> h.info().command()).orElse(""))
                .as("the script's process runs java").endsWith("java");

        // Both task classes exist only in this test's class path: the executor JVM fetches them from the app.
        agent.send(ScriptedAgent.launch("square", JavaSerialization.serialize(new Square(12), 1 << 20)));
        agent.send(ScriptedAgent.launch("explode", JavaSerialization.serialize(new Explode(), 1 << 20)));
        TaskStatus square = agent.await(update("square", TaskState.TASK_FINISHED)).getUpdate().getStatus();
        assertThat(JavaSerialization.deserialize(square.getData().toByteArray(), getClass().getClassLoader())).isEqualTo(144);
        TaskStatus explode = agent.await(update("explode", TaskState.TASK_FAILED)).getUpdate().getStatus();
        RemoteError error = (RemoteError) JavaSerialization.deserialize(explode.getData().toByteArray(), getClass().getClassLoader());
        assertThat(error.toString()).isEqualTo("java.lang.IllegalStateException: exploded on purpose");
        assertThat(error.stackTrace()[0].getClassName()).isEqualTo(Explode.class.getName());
        assertThat(error.cause().message()).isEqualTo("the root cause");
        assertThat(sandbox.resolve(TaskOutputLayout.TASKS)).as("tasks that print nothing leave nothing").doesNotExist();

        agent.send(ScriptedAgent.shutdown());
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits after SHUTDOWN").isTrue();
        String stderr = Files.readString(sandbox.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stderr).isZero();
        assertThat(stderr).contains("ferry-executor: subscribed to agent " + ScriptedAgent.AGENT_ID)
                .doesNotContain("Vulnerable protobuf generated type");
    }

    @Test
    void anIncompleteEnvironmentExitsWithOneLine() throws Exception {
        Files.copy(agentJar(), sandbox.resolve("ferry-executor.jar"));
        Files.copy(LaunchScriptTest.SCRIPT, sandbox.resolve("ferry-executor.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "ferry-executor.sh").directory(sandbox.toFile());
        pb.environment().clear();
        pb.environment().put(FerryEnv.JAVA, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.redirectErrorStream(true);
        process = pb.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExecutorMain.CONFIG_ERROR);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .startsWith("ferry-executor: cannot start: missing environment variable(s) MESOS_AGENT_ENDPOINT");
    }
}
