package io.ferry.local.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class EncodingTest {

    @Test
    void contentTypesCompareAsPlainStrings() {
        assertThat(Encoding.ofContentType("application/json")).hasValue(Encoding.JSON);
        assertThat(Encoding.ofContentType("application/x-protobuf")).hasValue(Encoding.PROTOBUF);
        assertThat(Encoding.ofContentType("application/json; charset=utf-8")).isEmpty();
        assertThat(Encoding.ofContentType("Application/JSON")).isEmpty();
    }

    @Test
    void acceptPrefersJsonThenProtobuf() {
        assertThat(Encoding.negotiate(null)).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("*/*"))).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("application/x-protobuf, application/json"))).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("application/json;q=0, application/*"))).hasValue(Encoding.JSON);
        assertThat(Encoding.negotiate(List.of("application/json;q=0", "application/x-protobuf")))
                .hasValue(Encoding.PROTOBUF);
        assertThat(Encoding.negotiate(List.of("application/recordio"))).isEqualTo(Optional.empty());
        assertThat(Encoding.negotiate(List.of("text/plain"))).isEmpty();
    }

    @Test
    void aBodyInPiecesParsesAsTheWhole() throws Exception {
        byte[] data = new byte[100_000];
        new java.util.Random(7).nextBytes(data);
        Call accept = Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(FrameworkID.newBuilder().setValue("f"))
                .setAccept(Call.Accept.newBuilder().addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH).setLaunch(Offer.Operation.Launch.newBuilder()
                                .addTaskInfos(TaskInfo.newBuilder().setName("t").setData(ByteString.copyFrom(data))
                                        .setTaskId(TaskID.newBuilder().setValue("ünï"))
                                        .setAgentId(AgentID.newBuilder().setValue("a"))))))
                .build();
        for (Encoding encoding : Encoding.values()) {
            byte[] body = encoding.print(accept);
            // Direct pieces as Netty reads them, cut anywhere: inside a field, a varint, a UTF-8 character.
            ByteBuffer[] pieces = {direct(body, 0, 7), direct(body, 7, 40_003), direct(body, 40_010,
                    body.length - 40_010)};
            assertThat(encoding.parse(pieces, Call.getDefaultInstance())).as(encoding.name()).isEqualTo(accept);
        }
    }

    @Test
    void aFramedEventIsItsLengthANewlineAndItsEncoding() throws Exception {
        Call call = Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(FrameworkID.newBuilder()
                .setValue("framework-é")).build();
        for (Encoding encoding : Encoding.values()) {
            byte[] plain = encoding.print(call);
            byte[] framed = encoding.framed(call);

            byte[] header = (plain.length + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(framed).hasSize(header.length + plain.length)
                    .startsWith(header).endsWith(plain);
            assertThat(encoding.parse(new ByteBuffer[]{ByteBuffer.wrap(framed, header.length, plain.length)},
                    Call.getDefaultInstance())).isEqualTo(call);
        }
    }

    private static ByteBuffer direct(byte[] bytes, int from, int length) {
        return ByteBuffer.allocateDirect(length).put(bytes, from, length).flip();
    }
}
