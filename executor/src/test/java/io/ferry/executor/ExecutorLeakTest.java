package io.ferry.executor;

import io.ferry.executor.testapp.Square;
import io.ferry.wire.JavaSerialization;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import static io.ferry.executor.ScriptedAgent.subscribe;
import static io.ferry.executor.ScriptedAgent.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor's own Netty buffers are all released. The executor JVM runs without Netty's leak detection
 * (ExecutorMain: it cost 2 % of its CPU); this test runs the executor's whole path, from subscription over tasks that
 * succeed, fail and return a large result to shutdown, with the detector at its strictest, and fails on any leak it
 * reports.
 */
class ExecutorLeakTest {

    private final ScriptedAgent agent = new ScriptedAgent();
    private final ClassServer app = new ClassServer();
    private ResourceLeakDetector.Level before;
    private LogCapture leaks;

    @BeforeEach
    void paranoid() {
        before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID); // every buffer tracked
        leaks = LogCapture.of(ResourceLeakDetector.class);
    }

    @AfterEach
    void restore() throws Exception {
        leaks.close();
        ResourceLeakDetector.setLevel(before);
        agent.close();
        app.close();
    }

    @Test
    void theDetectorReportsALeakHere() throws Exception {
        // Without this, a detector that reports nowhere we look would make the test below pass whatever leaked.
        leakOne();
        reportPendingLeaks(this::leakReported);
        assertThat(leakReported()).as("a buffer dropped unreleased is reported").isTrue();
    }

    @Test
    void anExecutorsWholeLifeLeaksNoBuffer() throws Exception {
        try (ExecutorUnderTest executor =
                     ExecutorUnderTest.start(ExecutorUnderTest.env(agent.endpoint(), app, false))) {
            agent.await(subscribe());
            agent.send(ScriptedAgent.subscribed());
            for (int i = 0; i < 200; i++) {
                agent.send(ScriptedAgent.launch("ok-" + i, JavaSerialization.serialize(new Square(i), 1 << 20)));
            }
            agent.send(ScriptedAgent.launch("fails", JavaSerialization.serialize(
                    new TestTasks.Throwing("on purpose"), 1 << 20)));
            agent.send(ScriptedAgent.launch("large",
                    JavaSerialization.serialize(new TestTasks.Bytes(3 << 20), 1 << 20)));
            for (int i = 0; i < 200; i++) {
                agent.await(update("ok-" + i, TaskState.TASK_FINISHED));
            }
            agent.await(update("fails", TaskState.TASK_FAILED));
            agent.await(update("large", TaskState.TASK_FINISHED));
            agent.send(ScriptedAgent.shutdown());
            assertThat(executor.exitCode()).isZero();
        }
        reportPendingLeaks(this::leakReported);
        assertThat(leaks.messages(Level.WARNING)).as("Netty's leak reports").noneMatch(m -> m.contains("LEAK"));
    }

    private static void leakOne() {
        ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        lost.writeLong(42);
    }

    /**
     * Netty reports a leak when a tracked buffer it finds collected was never released, and it looks for those
     * whenever it tracks a new one: collect, then track new buffers, for a few rounds (references are enqueued
     * after a collection, not during it), or until {@code reported} holds.
     */
    private void reportPendingLeaks(BooleanSupplier reported) throws InterruptedException {
        for (int round = 0; round < 25 && !reported.getAsBoolean(); round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 100; i++) {
                PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
            }
        }
    }

    private boolean leakReported() {
        return leaks.messages(Level.WARNING).stream().anyMatch(m -> m.contains("LEAK"));
    }
}
