package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class SchedulerCallsTest {

    private static final FrameworkID FW = FrameworkID.newBuilder().setValue("fw-1").build();

    @Test
    void firstSubscribeCarriesNoFrameworkId() {
        FrameworkInfo info = FrameworkInfo.newBuilder().setUser("u").setName("ferry").build();
        Call call = SchedulerCalls.subscribe(info);

        assertThat(call.getType()).isEqualTo(Call.Type.SUBSCRIBE);
        assertThat(call.hasFrameworkId()).isFalse();
        assertThat(call.getSubscribe().getFrameworkInfo()).isEqualTo(info);
    }

    @Test
    void resubscribeSetsTheSameIdOnCallAndFrameworkInfo() {
        Call call = SchedulerCalls.subscribe(FrameworkInfo.newBuilder().setUser("u").setName("ferry").setId(FW).build());

        assertThat(call.getFrameworkId()).isEqualTo(FW);
        assertThat(call.getSubscribe().getFrameworkInfo().getId()).isEqualTo(FW);
    }

    @Test
    void acceptLaunchesAllTasksInOneOperation() {
        TaskInfo t = TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t1"))
                .setAgentId(AgentID.newBuilder().setValue("a")).build();
        Call call = SchedulerCalls.accept(FW, List.of(OfferID.newBuilder().setValue("o1").build(),
                OfferID.newBuilder().setValue("o2").build()), List.of(t, t), 0);

        assertThat(call.getAccept().getOfferIdsCount()).isEqualTo(2);
        assertThat(call.getAccept().getOperationsList()).singleElement().satisfies(op -> {
            assertThat(op.getType()).isEqualTo(Offer.Operation.Type.LAUNCH);
            assertThat(op.getLaunch().getTaskInfosCount()).isEqualTo(2);
        });
        assertThat(call.getAccept().getFilters().getRefuseSeconds()).isZero();
        assertThat(call.isInitialized()).isTrue();
    }

    @Test
    void acknowledgeEchoesAgentTaskAndUuid() {
        ByteString uuid = ByteString.copyFrom(new byte[16]);
        Call call = SchedulerCalls.acknowledge(FW, AgentID.newBuilder().setValue("a").build(),
                TaskID.newBuilder().setValue("t").build(), uuid);

        assertThat(call.getAcknowledge().getUuid()).isEqualTo(uuid);
        assertThat(call.isInitialized()).isTrue();
    }

    @Test
    void declineSuppressReviveAndKillAreComplete() {
        assertThat(SchedulerCalls.decline(FW, List.of(OfferID.newBuilder().setValue("o").build()), 5)
                .getDecline().getFilters().getRefuseSeconds()).isEqualTo(5);
        assertThat(SchedulerCalls.suppress(FW).hasSuppress()).isTrue();
        assertThat(SchedulerCalls.revive(FW).hasRevive()).isTrue();
        assertThat(SchedulerCalls.kill(FW, TaskID.newBuilder().setValue("t").build(), null).getKill().hasAgentId())
                .isFalse();
    }
}
