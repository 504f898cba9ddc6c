package io.ferry.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.Test;

/** A LAUNCH's task is read from the event's record as it is, not copied. */
class AgentEventParseTest {

    @Test
    void aLaunchsTaskDataSharesTheRecord() throws IOException {
        byte[] data = new byte[64 * 1024];
        data[0] = 1;
        Event launch = Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
                .setTask(TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t1"))
                        .setAgentId(AgentID.newBuilder().setValue("a")).setData(ByteString.copyFrom(data)))).build();
        byte[] record = launch.toByteArray();

        Event parsed = AgentConnection.parse(record);
        assertThat(parsed).isEqualTo(launch);
        // The record's bytes are the data's: a change to the record shows through (no copy was made).
        int at = indexOf(record, data);
        record[at] = 7;
        assertThat(parsed.getLaunch().getTask().getData().byteAt(0)).isEqualTo((byte) 7);
    }

    @Test
    void aRecordThatIsNoEventFails() {
        assertThatThrownBy(() -> AgentConnection.parse(new byte[] {(byte) 0xff, (byte) 0xff}))
                .isInstanceOf(IOException.class);
    }

    private static int indexOf(byte[] record, byte[] data) {
        outer:
        for (int i = 0; i + data.length <= record.length; i++) {
            for (int j = 0; j < 16; j++) {
                if (record[i + j] != data[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("the data is not in the record");
    }
}
