package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.wire.ExecutorHello;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each run of the executor on an agent, as the dashboard lists it: the task attempts launched before it said hello
 * are its own (counted, and their output is in its sandbox), it ends with its FAILURE, and the run that replaces it
 * keeps it among the previous ones.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecutorRunsTest {

    @Test
    void launchesCountForTheRunThatStartsAndAReplacedRunIsKept() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        ScriptedMaster[] master = new ScriptedMaster[1];
        FerryScheduler[] scheduler = new FerryScheduler[1];
        try (ScriptedMaster m = new ScriptedMaster(n -> out -> {
            ScriptedMaster.event(out, StatusUpdateOrderTest.subscribed());
            assertThat(queued.await(20, TimeUnit.SECONDS)).isTrue();
            ScriptedMaster.event(out, OfferDecisionsTest.offers(OfferDecisionsTest.offer("o1", "agent-1", 4, 4096)));
            master[0].awaitCall(Call.Type.ACCEPT, 20);
            String executorId = scheduler[0].executorSpec().executorId();
            hello(out, executorId, "/sandbox/runs/first");
            ScriptedMaster.event(out, Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure
                    .newBuilder().setAgentId(AgentID.newBuilder().setValue("agent-1"))
                    .setExecutorId(ExecutorID.newBuilder().setValue(executorId)).setStatus(256)).build());
            hello(out, executorId, "/sandbox/runs/second");
            master[0].holdOpen();
        })) {
            master[0] = m;
            scheduler[0] = OfferDecisionsTest.scheduler(m.url(), java.time.Duration.ofMinutes(1));
            scheduler[0].start();
            try {
                OfferDecisionsTest.awaitSubscribed(scheduler[0]);
                String a = scheduler[0].newTaskId();
                String b = scheduler[0].newTaskId();
                OfferDecisionsTest.submit(scheduler[0], a, 0.5, 64);
                OfferDecisionsTest.submit(scheduler[0], b, 0.5, 64);
                queued.countDown();

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                SchedulerState state = scheduler[0].state();
                while (state.previousExecutors().isEmpty()) {
                    assertThat(System.nanoTime()).as("a replaced run in %s", state).isLessThan(deadline);
                    Thread.sleep(10);
                    state = scheduler[0].state();
                }

                ExecutorPlace first = state.previousExecutors().get(0);
                assertThat(first.directory()).isEqualTo("/sandbox/runs/first");
                assertThat(first.tasksLaunched()).isEqualTo(2);
                assertThat(first.running()).isFalse();
                assertThat(first.exit()).startsWith("exited with code 1");
                assertThat(first.ended()).isAfterOrEqualTo(first.since());
                assertThat(state.executors()).singleElement().satisfies(second -> {
                    assertThat(second.directory()).isEqualTo("/sandbox/runs/second");
                    assertThat(second.running()).isTrue();
                    assertThat(second.tasksLaunched()).isZero();
                });
                // Launched before any run said hello: their attempts ran in the first run, whose sandbox has them,
                // not in the run that is there now.
                for (String id : new String[] {a, b}) {
                    assertThat(scheduler[0].task(id).orElseThrow().place(1)).as(id).hasValue(new AttemptPlace(1,
                            "agent-1", scheduler[0].executorSpec().executorId(), "127.0.0.1:1",
                            "/sandbox/runs/first"));
                }
            } finally {
                scheduler[0].stop();
            }
        }
    }

    private static void hello(OutputStream out, String executorId, String directory) throws IOException {
        ExecutorHello hello = new ExecutorHello(executorId, "agent-1", "127.0.0.1:1", directory, 42);
        ScriptedMaster.event(out, Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue("agent-1"))
                .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
                .setData(ByteString.copyFrom(hello.toBytes()))).build());
    }
}
