package io.ferry.executor;

import com.google.protobuf.util.JsonFormat;
import io.ferry.wire.FerryEnv;
import io.ferry.wire.MesosFixtures;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract test over the {@code executor-event-*.json} fixtures ({@link MesosFixtures}): each parses strictly into
 * the v1 Event its name says, and {@link AgentConnection#handle} does with it what {@code docs/mesos-notes.md} §3.2
 * asks.
 */
class AgentConnectionFixtureTest {

    private static final Set<Event.Type> FORWARDED = Set.of(Event.Type.LAUNCH, Event.Type.LAUNCH_GROUP,
            Event.Type.KILL, Event.Type.MESSAGE, Event.Type.SHUTDOWN);

    static List<String> fixtures() {
        return MesosFixtures.json("executor-event-");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void handlesTheFixture(String file) throws Exception {
        Event.Builder builder = Event.newBuilder();
        JsonFormat.parser().merge(MesosFixtures.read(file), builder); // strict: unknown fields fail
        Event event = builder.build();
        assertThat(event.getType().name()).isEqualTo(MesosFixtures.typeName(file, "executor-event-"));
        assertThat(Event.parseFrom(event.toByteArray())).isEqualTo(event);

        List<Event> forwarded = new ArrayList<>();
        // Nothing listens on port 9 of loopback: the SUBSCRIBED fixture's hello MESSAGE fails, and is only logged.
        AgentConnection connection = new AgentConnection(ExecutorConfig.fromEnv(Map.of(
                "MESOS_AGENT_ENDPOINT", "127.0.0.1:9", "MESOS_FRAMEWORK_ID", "fw", "MESOS_EXECUTOR_ID", "ex",
                "MESOS_DIRECTORY", "/sandbox", FerryEnv.APP_URL, "http://127.0.0.1:9", FerryEnv.TOKEN, "t")),
                forwarded::add);

        boolean keepStream = connection.handle(event);

        assertThat(keepStream).as("only ERROR drops the stream").isEqualTo(event.getType() != Event.Type.ERROR);
        assertThat(forwarded).isEqualTo(FORWARDED.contains(event.getType()) ? List.of(event) : List.of());
        switch (event.getType()) {
            case LAUNCH, LAUNCH_GROUP -> assertThat(connection.unacknowledged().tasks())
                    .as("a launched task is unacknowledged until one of its updates is").hasSize(1);
            case ACKNOWLEDGED -> assertThat(event.getAcknowledged().getUuid().size()).isEqualTo(16);
            default -> assertThat(connection.unacknowledged().tasks()).isEmpty();
        }
    }
}
