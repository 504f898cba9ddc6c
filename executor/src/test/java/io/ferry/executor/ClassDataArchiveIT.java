package io.ferry.executor;

import io.ferry.executor.testapp.Square;
import io.ferry.wire.FerryEnv;
import io.ferry.wire.JavaSerialization;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.ferry.executor.ScriptedAgent.subscribe;
import static io.ferry.executor.ScriptedAgent.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data cache ({@code FERRY_CDS_DIR}) with real executor JVMs started through {@code ferry-executor.sh}:
 * the first executor of a jar writes the archive, the next one loads its classes from it, and an archive that
 * cannot be used (damaged, or made for another jar) changes nothing but the speed.
 */
class ClassDataArchiveIT {

    private static final String KEY = "0123456789abcdef01234567";

    /** One agent per executor: a scripted agent answers the first SUBSCRIBE it saw. */
    private ScriptedAgent agent;
    private final ClassServer app = new ClassServer();
    private Process process;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (agent != null) {
            agent.close();
        }
        app.close();
    }

    private Path cache() {
        return dir.resolve("cache");
    }

    private Path archive() {
        return cache().resolve("ferry-executor-" + KEY + ".jsa");
    }

    /** Starts an executor in a sandbox of its own, logging where its classes came from; waits until it subscribed. */
    private Path start(String name) throws Exception {
        if (agent != null) {
            agent.close();
        }
        agent = new ScriptedAgent();
        Path sandbox = Files.createDirectories(dir.resolve(name));
        ProcessBuilder pb = ExecutorJvmIT.launch(sandbox, agent.endpoint(), app.url(),
                "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:class+load=info:file="
                        + sandbox.resolve("classes.log"));
        pb.environment().put(FerryEnv.CDS_DIR, cache().toString());
        pb.environment().put(FerryEnv.EXECUTOR_KEY, KEY);
        process = pb.start();
        agent.await(subscribe());
        agent.send(ScriptedAgent.subscribed());
        return sandbox;
    }

    /** Runs a task whose class comes from the app, then shuts the executor down; returns its stderr. */
    private String runATaskAndShutDown(Path sandbox, String taskId) throws Exception {
        agent.send(ScriptedAgent.launch(taskId, JavaSerialization.serialize(new Square(12), 1 << 20)));
        TaskStatus square = agent.await(update(taskId, TaskState.TASK_FINISHED)).getUpdate().getStatus();
        assertThat(JavaSerialization.deserialize(square.getData().toByteArray(), getClass().getClassLoader()))
                .isEqualTo(144);
        return shutDown(sandbox);
    }

    private String shutDown(Path sandbox) throws Exception {
        agent.send(ScriptedAgent.shutdown());
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        String stderr = Files.readString(sandbox.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(exited).as("exits after SHUTDOWN; stderr:%n%s", stderr).isTrue();
        assertThat(process.exitValue()).as(stderr).isZero();
        return stderr;
    }

    /** Where the JVM took the executor's main loop class from, as its class+load log says. */
    private static String sourceOfFerryExecutor(Path sandbox) throws Exception {
        return Files.readAllLines(sandbox.resolve("classes.log"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(" " + FerryExecutor.class.getName() + " source: "))
                .findFirst().orElseThrow();
    }

    @Test
    void theFirstExecutorWritesTheArchiveAndTheNextLoadsItsClassesFromIt() throws Exception {
        Path first = start("first");
        agent.send(ScriptedAgent.launch("square-1", JavaSerialization.serialize(new Square(12), 1 << 20)));
        agent.await(update("square-1", TaskState.TASK_FINISHED));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(archive())) {
            assertThat(System.nanoTime()).as("the archive written within 90 s; stderr:%n%s",
                    Files.readString(first.resolve("stderr"), StandardCharsets.UTF_8)).isLessThan(deadline);
            Thread.sleep(100);
        }
        String stderr = shutDown(first);
        assertThat(stderr).contains("class-data archive " + archive() + " written");
        assertThat(sourceOfFerryExecutor(first)).contains("ferry-executor-" + KEY + ".jar");
        try (var files = Files.list(cache())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as("nothing left over")
                    .containsExactly("ferry-executor-" + KEY + ".jar", "ferry-executor-" + KEY + ".jsa");
        }

        Path second = start("second");
        runATaskAndShutDown(second, "square-2");
        assertThat(sourceOfFerryExecutor(second)).contains("shared objects file");
    }

    @Test
    void aDamagedArchiveIsIgnoredAndTheExecutorRunsFromTheJar() throws Exception {
        Files.createDirectories(cache());
        Files.copy(ExecutorJvmIT.agentJar(), cache().resolve("ferry-executor-" + KEY + ".jar"));
        byte[] garbage = new byte[1 << 20];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(archive(), garbage);

        Path sandbox = start("damaged");
        runATaskAndShutDown(sandbox, "square");
        assertThat(sourceOfFerryExecutor(sandbox)).doesNotContain("shared objects file")
                .contains("ferry-executor-" + KEY + ".jar");
    }

    @Test
    void anArchiveOfAnotherJarIsIgnoredAndTheExecutorRunsFromTheJar() throws Exception {
        // Made for the jar as it was; the jar's copy is then replaced (another modification time): the JVM must
        // notice and load from the jar.
        Path first = start("first");
        agent.send(ScriptedAgent.launch("square-1", JavaSerialization.serialize(new Square(12), 1 << 20)));
        agent.await(update("square-1", TaskState.TASK_FINISHED));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(archive())) {
            assertThat(System.nanoTime()).as("the archive written within 90 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        shutDown(first);
        Path copy = cache().resolve("ferry-executor-" + KEY + ".jar");
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(copy).toMillis() + 3_600_000));

        Path second = start("second");
        runATaskAndShutDown(second, "square-2");
        assertThat(sourceOfFerryExecutor(second)).doesNotContain("shared objects file");
    }
}
