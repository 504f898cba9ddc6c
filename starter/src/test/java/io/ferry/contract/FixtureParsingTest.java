package io.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.ferry.wire.MesosFixtures;
import io.ferry.wire.RecordIoReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.mesos.v1.scheduler.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON fixture of the Mesos messages (ferry-wire's test resources {@code mesos/}; its README.md names the
 * documentation each follows and where it corrects the documentation's example) parses strictly into
 * its v1 message, names the body its type says, survives a JSON and a binary round trip, and carries 16-byte
 * status-update uuids.
 */
class FixtureParsingTest {

    record Kind(String prefix, Supplier<Message.Builder> builder) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("scheduler-call-", Protos.Call::newBuilder),
            new Kind("scheduler-event-", Protos.Event::newBuilder),
            new Kind("executor-call-", org.apache.mesos.v1.executor.Protos.Call::newBuilder),
            new Kind("executor-event-", org.apache.mesos.v1.executor.Protos.Event::newBuilder));

    static Stream<Arguments> fixtures() {
        List<Arguments> out = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (String file : MesosFixtures.json(kind.prefix())) {
                out.add(Arguments.of(file, kind));
            }
        }
        return out.stream();
    }

    @Test
    void thereAreFixturesOfEveryKind() {
        for (Kind kind : KINDS) {
            assertThat(MesosFixtures.json(kind.prefix())).as(kind.prefix()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parsesStrictlyAndRoundTrips(String name, Kind kind) throws Exception {
        Message.Builder builder = kind.builder().get();
        JsonFormat.parser().merge(MesosFixtures.read(name), builder);
        Message message = builder.build();

        FieldDescriptor type = message.getDescriptorForType().findFieldByName("type");
        String typeName = ((com.google.protobuf.Descriptors.EnumValueDescriptor) message.getField(type)).getName();
        assertThat(typeName).isEqualTo(MesosFixtures.typeName(name, kind.prefix()));
        FieldDescriptor body = message.getDescriptorForType().findFieldByName(typeName.toLowerCase());
        if (body != null) {
            assertThat(message.hasField(body)).as("body field %s", body.getName()).isTrue();
        }

        String printed = JsonFormat.printer().preservingProtoFieldNames().print(message);
        Message.Builder again = kind.builder().get();
        JsonFormat.parser().merge(printed, again);
        assertThat(again.build()).isEqualTo(message);
        assertThat(printed).doesNotContain("frameworkId").doesNotContain("taskId");
        assertThat(message.getParserForType().parseFrom(message.toByteArray())).isEqualTo(message);

        for (ByteString uuid : statusUuids(message)) {
            assertThat(uuid.size()).as("status update uuid in %s", name).isEqualTo(16);
        }
    }

    @Test
    void theRecordIoExampleHoldsTwoEvents() throws Exception {
        byte[] stream = MesosFixtures.bytes("scheduler-event-stream.recordio");
        RecordIoReader reader = new RecordIoReader(new ByteArrayInputStream(stream), 1 << 20);
        List<Protos.Event.Type> types = new ArrayList<>();
        for (byte[] record; (record = reader.read()) != null; ) {
            Protos.Event.Builder event = Protos.Event.newBuilder();
            JsonFormat.parser().merge(new String(record, java.nio.charset.StandardCharsets.UTF_8), event);
            types.add(event.build().getType());
        }
        assertThat(types).containsExactly(Protos.Event.Type.SUBSCRIBED, Protos.Event.Type.HEARTBEAT);
    }

    /** The uuids of TaskStatus, Acknowledge and Acknowledged messages anywhere in {@code message}. */
    private static List<ByteString> statusUuids(Message message) {
        List<ByteString> out = new ArrayList<>();
        String type = message.getDescriptorForType().getName();
        boolean carriesStatusUuid = type.equals("TaskStatus") || type.equals("Acknowledge")
                || type.equals("Acknowledged");
        for (var entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            if (field.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING && field.getName().equals("uuid")
                    && carriesStatusUuid) {
                out.add((ByteString) entry.getValue());
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (field.isRepeated()) {
                    for (Object o : (List<?>) entry.getValue()) {
                        out.addAll(statusUuids((Message) o));
                    }
                } else {
                    out.addAll(statusUuids((Message) entry.getValue()));
                }
            }
        }
        return out;
    }
}
