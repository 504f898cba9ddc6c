package io.ferry.executor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Reads one event of the agent's stream from its RecordIO record.
 *
 * <p>protobuf's own check of required fields ({@code isInitialized}) is not used: on Mesos' generated classes it
 * reaches the map fields of {@code FrameworkInfo} and {@code TaskInfo}, whose default entries need the descriptor of
 * the whole {@code mesos.proto}, built on first use: about 100 ms of an executor's cold start, for the first
 * SUBSCRIBED. The events are parsed partially instead, and the fields that each type requires and the executor
 * reads are checked here: an event without them is as malformed as one protobuf rejects.
 */
final class AgentEvents {

    private AgentEvents() {
    }

    /**
     * Parses an event with its bytes fields sharing {@code record} instead of copying it: a LAUNCH's task (TaskInfo's
     * data, up to megabytes) is read straight from the record. The record is fresh from the decoder and never
     * written to; protobuf aliases only a buffer it is told is immutable, which a wrapped ByteString's input is.
     */
    static Event parse(byte[] record) throws IOException {
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(record).newCodedInput();
        in.enableAliasing(true);
        Event event = Event.parser().parsePartialFrom(in);
        in.checkLastTagWas(0);
        String missing = missing(event);
        if (missing != null) {
            throw new InvalidProtocolBufferException("a " + event.getType() + " event without " + missing);
        }
        return event;
    }

    /** The first required field the event lacks, by its path in the event, or null. */
    private static String missing(Event event) {
        return switch (event.getType()) {
            case SUBSCRIBED -> !event.getSubscribed().hasExecutorInfo() ? "subscribed.executor_info"
                    : !event.getSubscribed().getExecutorInfo().getExecutorId().hasValue()
                    ? "subscribed.executor_info.executor_id" : null;
            case LAUNCH -> !event.getLaunch().hasTask() ? "launch.task" : missing(event.getLaunch().getTask(),
                    "launch.task");
            case LAUNCH_GROUP -> {
                int i = 0;
                for (TaskInfo task : event.getLaunchGroup().getTaskGroup().getTasksList()) {
                    String inTask = missing(task, "launch_group.task_group.tasks[" + i++ + "]");
                    if (inTask != null) {
                        yield inTask;
                    }
                }
                yield null;
            }
            case KILL -> !event.getKill().getTaskId().hasValue() ? "kill.task_id" : null;
            case ACKNOWLEDGED -> !event.getAcknowledged().getTaskId().hasValue() ? "acknowledged.task_id"
                    : !event.getAcknowledged().hasUuid() ? "acknowledged.uuid" : null;
            case MESSAGE -> !event.getMessage().hasData() ? "message.data" : null;
            case ERROR -> !event.getError().hasMessage() ? "error.message" : null;
            default -> null;
        };
    }

    private static String missing(TaskInfo task, String path) {
        if (!task.getTaskId().hasValue()) {
            return path + ".task_id";
        }
        if (!task.hasName()) {
            return path + ".name";
        }
        return !task.getAgentId().hasValue() ? path + ".agent_id" : null;
    }
}
