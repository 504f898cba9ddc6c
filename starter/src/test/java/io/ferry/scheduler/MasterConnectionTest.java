package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.net.URI;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class MasterConnectionTest {

    private static final URI CURRENT = URI.create("http://master1:5050/api/v1/scheduler");

    @Test
    void followsAProtocolRelativeLocationAsMesosSendsIt() {
        assertThat(MasterConnection.leaderEndpoint(CURRENT, "//master2:5050/api/v1/scheduler"))
                .isEqualTo(URI.create("http://master2:5050/api/v1/scheduler"));
    }

    @Test
    void followsTheDocumentationsHostAndPortForm() {
        assertThat(MasterConnection.leaderEndpoint(CURRENT, "master2:5050"))
                .isEqualTo(URI.create("http://master2:5050/api/v1/scheduler"));
    }

    @Test
    void followsAnAbsoluteUrl() {
        assertThat(MasterConnection.leaderEndpoint(CURRENT, "https://master3:5050/master/api/v1/scheduler"))
                .isEqualTo(URI.create("https://master3:5050/master/api/v1/scheduler"));
    }

    @Test
    void anEventsResultSharesTheRecordInsteadOfACopyOfIt() throws Exception {
        byte[] result = new byte[64 * 1024];
        java.util.Arrays.fill(result, (byte) 1);
        Event event = Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                .setStatus(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t.1"))
                        .setState(TaskState.TASK_FINISHED).setData(ByteString.copyFrom(result)))).build();
        byte[] record = event.toByteArray();

        Event parsed = MasterConnection.parse(record);

        assertThat(parsed).isEqualTo(event);
        // Never done to a real record; here it shows that the data is the record's own bytes, not a copy.
        java.util.Arrays.fill(record, (byte) 7);
        assertThat(parsed.getUpdate().getStatus().getData().byteAt(0)).isEqualTo((byte) 7);
    }
}
