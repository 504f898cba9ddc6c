package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.wire.JavaSerialization;
import io.ferry.wire.RecordIo;
import io.ferry.wire.RecordIoReader;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static io.ferry.executor.ExecutorUnderTest.eventually;
import static io.ferry.executor.ScriptedAgent.subscribe;
import static io.ferry.executor.ScriptedAgent.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery with {@code MESOS_CHECKPOINT=1} ({@code docs/mesos-notes.md} §3.5) and the event stream's robustness,
 * against {@link ScriptedAgent}s: an agent that goes away and comes back on the same port, one that never comes
 * back, and one whose stream carries garbage.
 */
class ExecutorRecoveryTest {

    private final ClassServer app = new ClassServer();
    private final List<ScriptedAgent> agents = new ArrayList<>();
    private ExecutorUnderTest run;

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            run.close();
        }
        agents.forEach(ScriptedAgent::close);
        app.close();
    }

    private ScriptedAgent agent(int port) {
        ScriptedAgent agent = new ScriptedAgent(port);
        agents.add(agent);
        return agent;
    }

    private static void release(String latch) {
        TestTasks.LATCHES.computeIfAbsent(latch, k -> new CountDownLatch(1)).countDown();
    }

    @Test
    void updatesMadeWhileTheAgentIsGoneAreListedOnceWithTheirUuidAndDroppedWhenAcknowledged() throws Exception {
        ScriptedAgent first = agent(0);
        run = ExecutorUnderTest.start(ExecutorUnderTest.env(first.endpoint(), app, true));
        first.await(subscribe());
        first.send(ScriptedAgent.subscribed());
        List<String> ids = List.of("r1", "r2", "r3");
        for (String id : ids) {
            first.send(ScriptedAgent.launch(id, JavaSerialization.serialize(new TestTasks.Waiting("recover-" + id), 1 << 20)));
        }
        eventually(() -> run.executor.connection().unacknowledged().tasks().size() == 3, "all three launched");

        // The agent goes away (its process ends: listener and connections closed) while the tasks run; they finish.
        first.close();
        ids.forEach(id -> release("recover-" + id));
        eventually(() -> run.executor.connection().unacknowledged().updates().size() == 3, "three updates kept");
        List<Call.Update> kept = run.executor.connection().unacknowledged().updates();
        assertThat(run.exited()).isFalse();

        // It comes back on the same port; the executor resubscribes on its own.
        ScriptedAgent second = agent(first.port());
        second.acknowledging(false);
        Call.Subscribe resubscribe = second.await(subscribe()).getSubscribe();
        assertThat(resubscribe.getUnacknowledgedUpdatesList()).as("the very same updates, uuids included")
                .containsExactlyInAnyOrderElementsOf(kept);
        assertThat(resubscribe.getUnacknowledgedTasksList()).extracting(t -> t.getTaskId().getValue())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(kept).extracting(u -> u.getStatus().getState()).containsOnly(TaskState.TASK_FINISHED);

        second.send(ScriptedAgent.subscribed());
        for (Call.Update u : kept) {
            second.send(ScriptedAgent.acknowledged(u.getStatus()));
        }
        eventually(() -> run.executor.connection().unacknowledged().updates().isEmpty(), "all acknowledged");
        assertThat(run.executor.connection().unacknowledged().tasks()).isEmpty();

        // Never sent again, and never under another uuid: per task, one uuid across both agents' calls.
        second.acknowledging(true);
        second.send(ScriptedAgent.launch("after", JavaSerialization.serialize(new TestTasks.Returning(1), 1 << 20)));
        second.await(update("after", TaskState.TASK_FINISHED));
        for (String id : ids) {
            Set<ByteString> uuids = new HashSet<>();
            Stream.concat(first.calls(c -> true).stream(), second.calls(c -> true).stream())
                    .flatMap(c -> c.getType() == Call.Type.SUBSCRIBE ? c.getSubscribe().getUnacknowledgedUpdatesList().stream()
                            : c.getType() == Call.Type.UPDATE ? Stream.of(c.getUpdate()) : Stream.empty())
                    .filter(u -> u.getStatus().getTaskId().getValue().equals(id))
                    .forEach(u -> uuids.add(u.getStatus().getUuid()));
            assertThat(uuids).as("uuids of task " + id).hasSize(1);
        }
        // An update listed in the SUBSCRIBE is not sent again on its own, with one exception this test cannot rule
        // out: an UPDATE the executor was already sending when the first agent went away may land on the second,
        // which listens on the same port. It carries the same uuid (above), and an agent drops an update whose uuid
        // it has already seen, so it is at most once more and never a second status.
        assertThat(second.calls(ScriptedAgent.updateOf("r1"))).as("listed, so not sent again (but for one in flight)")
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void anAgentThatDoesNotComeBackWithinTheRecoveryTimeoutEndsTheExecutor() throws Exception {
        ScriptedAgent agent = agent(0);
        Map<String, String> env = ExecutorUnderTest.env(agent.endpoint(), app, true);
        env.put("MESOS_RECOVERY_TIMEOUT", "300ms");
        run = ExecutorUnderTest.start(env);
        agent.await(subscribe());
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("w", JavaSerialization.serialize(new TestTasks.Waiting("recover-timeout"), 1 << 20)));
        eventually(() -> run.executor.runner().active() == 1, "the task runs");

        agent.close();
        assertThat(run.exitCode()).isEqualTo(ExitCode.RECOVERY_TIMEOUT.code()).isEqualTo(4);
        release("recover-timeout");
    }

    @Test
    void withoutCheckpointingAMalformedRecordEndsTheExecutor() throws Exception {
        ScriptedAgent agent = agent(0);
        run = ExecutorUnderTest.start(ExecutorUnderTest.env(agent.endpoint(), app, false));
        agent.await(subscribe());
        agent.send(ScriptedAgent.subscribed());
        agent.sendRaw("12\nnot an event".getBytes(StandardCharsets.US_ASCII));
        assertThat(run.exitCode()).isEqualTo(ExitCode.AGENT_LOST.code());
    }

    /**
     * Random and truncated input on the stream, each case followed by the end of the stream: every case ends in a
     * resubscription (no stuck reader, no exit), and the executor still runs tasks afterwards.
     */
    @Test
    void garbageOnTheEventStreamLeadsToACleanResubscription() throws Exception {
        ScriptedAgent agent = agent(0);
        run = ExecutorUnderTest.start(ExecutorUnderTest.env(agent.endpoint(), app, true));
        int subscriptions = 1;
        agent.await(subscribe(), subscriptions);
        for (byte[] garbage : garbage(new Random(20261125L), 40)) {
            agent.send(ScriptedAgent.subscribed());
            agent.sendRaw(garbage);
            agent.dropStream();
            agent.await(subscribe(), ++subscriptions);
            assertThat(run.exited()).isFalse();
        }
        agent.send(ScriptedAgent.subscribed());
        agent.send(ScriptedAgent.launch("survivor", JavaSerialization.serialize(new TestTasks.Returning("ok"), 1 << 20)));
        agent.await(update("survivor", TaskState.TASK_FINISHED));
    }

    /** Cases of broken input; none of them may read as a SHUTDOWN, which would rightly end the executor. */
    private static List<byte[]> garbage(Random random, int n) {
        byte[] launch = RecordIo.frame(ScriptedAgent.launch("g", new byte[]{1, 2, 3}).toByteArray());
        List<byte[]> cases = new ArrayList<>(List.of(
                "99999999999999999999\n".getBytes(StandardCharsets.US_ASCII), // absurd length
                "999999999999999999999999\n".getBytes(StandardCharsets.US_ASCII), // too many digits
                ((AgentConnection.MAX_EVENT_BYTES + 1) + "\nxy").getBytes(StandardCharsets.US_ASCII), // over the limit
                "0\n".getBytes(StandardCharsets.US_ASCII),
                "\n".getBytes(StandardCharsets.US_ASCII),
                "-5\nabcde".getBytes(StandardCharsets.US_ASCII),
                "5\nab".getBytes(StandardCharsets.US_ASCII), // cut inside the record
                Arrays.copyOf(launch, launch.length / 2), // a real event, truncated
                "3\n\u00ff\u00ff\u00ff".getBytes(StandardCharsets.ISO_8859_1))); // framed, but no Event
        while (cases.size() < n) {
            byte[] b;
            switch (random.nextInt(3)) {
                case 0 -> { // random bytes
                    b = new byte[1 + random.nextInt(200)];
                    random.nextBytes(b);
                }
                case 1 -> { // a valid frame around random bytes
                    byte[] payload = new byte[1 + random.nextInt(100)];
                    random.nextBytes(payload);
                    b = RecordIo.frame(payload);
                }
                default -> b = Arrays.copyOf(launch, random.nextInt(launch.length)); // truncated anywhere
            }
            if (b.length > 0 && !readsAsShutdown(b)) {
                cases.add(b);
            }
        }
        return cases;
    }

    private static boolean readsAsShutdown(byte[] bytes) {
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(bytes), AgentConnection.MAX_EVENT_BYTES);
        try {
            byte[] record;
            while ((record = reader.read()) != null) {
                if (Event.parseFrom(record).getType() == Event.Type.SHUTDOWN) {
                    return true;
                }
            }
        } catch (IOException e) {
            // broken: what the case is for
        }
        return false;
    }
}
