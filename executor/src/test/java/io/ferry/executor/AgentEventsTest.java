package io.ferry.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.Test;

/** Events read from their records: a LAUNCH's task as it is, not copied; an event without its required fields fails. */
class AgentEventsTest {

    @Test
    void aLaunchsTaskDataSharesTheRecord() throws IOException {
        byte[] data = new byte[64 * 1024];
        data[0] = 1;
        Event launch = Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
                .setTask(TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t1"))
                        .setAgentId(AgentID.newBuilder().setValue("a")).setData(ByteString.copyFrom(data)))).build();
        byte[] record = launch.toByteArray();

        Event parsed = AgentEvents.parse(record);
        assertThat(parsed).isEqualTo(launch);
        // The record's bytes are the data's: a change to the record shows through (no copy was made).
        int at = indexOf(record, data);
        record[at] = 7;
        assertThat(parsed.getLaunch().getTask().getData().byteAt(0)).isEqualTo((byte) 7);
    }

    @Test
    void aRecordThatIsNoEventFails() {
        assertThatThrownBy(() -> AgentEvents.parse(new byte[] {(byte) 0xff, (byte) 0xff}))
                .isInstanceOf(IOException.class);
    }

    @Test
    void anEventWithoutWhatItsTypeRequiresFailsNamingTheField() {
        TaskInfo whole = TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t1"))
                .setAgentId(AgentID.newBuilder().setValue("a")).build();
        Event noTaskId = Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
                .setTask(whole.toBuilder().clearTaskId().buildPartial()).buildPartial()).buildPartial();
        assertThatThrownBy(() -> AgentEvents.parse(noTaskId.toByteArray())).isInstanceOf(IOException.class)
                .hasMessage("a LAUNCH event without launch.task.task_id");

        Event secondUnnamed = Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
                .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(TaskGroupInfo.newBuilder()
                        .addTasks(whole).addTasks(whole.toBuilder().clearName().buildPartial()).buildPartial()).buildPartial())
                .buildPartial();
        assertThatThrownBy(() -> AgentEvents.parse(secondUnnamed.toByteArray()))
                .hasMessage("a LAUNCH_GROUP event without launch_group.task_group.tasks[1].name");

        Event noUuid = Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
                Event.Acknowledged.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")).buildPartial()).buildPartial();
        assertThatThrownBy(() -> AgentEvents.parse(noUuid.toByteArray()))
                .hasMessage("a ACKNOWLEDGED event without acknowledged.uuid");
    }

    @Test
    void aWholeSubscribedParses() throws IOException {
        Event subscribed = Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(
                Event.Subscribed.newBuilder()
                        .setExecutorInfo(ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e")))
                        .setFrameworkInfo(FrameworkInfo.newBuilder().setName("f").setUser("u"))
                        .setAgentInfo(AgentInfo.newBuilder().setHostname("h"))).build();
        assertThat(AgentEvents.parse(subscribed.toByteArray())).isEqualTo(subscribed);
        Event noExecutorId = subscribed.toBuilder().setSubscribed(subscribed.getSubscribed().toBuilder()
                .setExecutorInfo(ExecutorInfo.newBuilder().buildPartial()).buildPartial()).buildPartial();
        assertThatThrownBy(() -> AgentEvents.parse(noExecutorId.toByteArray()))
                .hasMessage("a SUBSCRIBED event without subscribed.executor_info.executor_id");
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
