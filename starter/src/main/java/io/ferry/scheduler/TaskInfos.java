package io.ferry.scheduler;

import java.util.Map;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;

/** Builds the TaskInfo of one attempt: the serialized task in {@code data}, run by Ferry's executor. */
final class TaskInfos {

    private TaskInfos() {
    }

    static TaskInfo build(TaskRecord r, String mesosTaskId, Offer offer, ExecutorInfo executor) {
        TaskInfo.Builder task = TaskInfo.newBuilder()
                .setName(r.options.name())
                .setTaskId(TaskID.newBuilder().setValue(mesosTaskId))
                .setAgentId(offer.getAgentId())
                .addResources(resource(offer, "cpus", r.options.cpus()))
                .addResources(resource(offer, "mem", r.options.memMb()))
                .setExecutor(executor)
                .setData(r.payload);
        if (!r.options.labels().isEmpty()) {
            Labels.Builder labels = Labels.newBuilder();
            for (Map.Entry<String, String> e : r.options.labels().entrySet()) {
                labels.addLabels(Label.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
            }
            task.setLabels(labels);
        }
        return task.build();
    }

    /**
     * A scalar resource with the role, reservations and allocation info of the offer's resource of that name:
     * the master only accepts resources that are contained in the offer (docs/mesos-notes.md §5).
     */
    private static Resource resource(Offer offer, String name, double amount) {
        Resource template = OfferViews.template(offer, name);
        Resource.Builder r = template == null ? Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                : template.toBuilder();
        return r.setScalar(Value.Scalar.newBuilder().setValue(amount)).build();
    }
}
