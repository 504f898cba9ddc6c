package io.ferry.local;

import com.google.protobuf.ByteString;
import io.ferry.wire.MesosHttp;
import io.ferry.wire.RecordIoReader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A minimal v1 HTTP executor, started by a local agent as a real process (see {@link TestTasks#executor}). It
 * runs each task's {@code data} as a command:
 * <ul>
 *   <li>{@code echo:<text>}: RUNNING, then FINISHED with {@code <text>} as data</li>
 *   <li>{@code env}: RUNNING, then FINISHED with its environment as {@code NAME=value} lines</li>
 *   <li>{@code sleep}: RUNNING, then nothing until a KILL (→ KILLED)</li>
 *   <li>{@code exit:<n>}: RUNNING, and once the agent acknowledged it, exits with status n</li>
 * </ul>
 * A scheduler MESSAGE is sent back prefixed with {@code echo:}. SHUTDOWN kills every task and exits.
 */
public final class TestExecutor {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI agent;
    private final FrameworkID frameworkId;
    private final ExecutorID executorId;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** task id → exit status, for {@code exit:<n>} tasks, exiting once their RUNNING is acknowledged. */
    private final Map<String, Integer> exitAfterAck = new ConcurrentHashMap<>();
    private AgentID agentId;

    private TestExecutor() {
        agent = URI.create("http://" + System.getenv("MESOS_AGENT_ENDPOINT") + MesosHttp.EXECUTOR_PATH);
        frameworkId = FrameworkID.newBuilder().setValue(System.getenv("MESOS_FRAMEWORK_ID")).build();
        executorId = ExecutorID.newBuilder().setValue(System.getenv("MESOS_EXECUTOR_ID")).build();
    }

    public static void main(String[] args) throws Exception {
        new TestExecutor().run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.println("test executor " + executorId.getValue() + " starting");
        Call subscribe = call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.getDefaultInstance()).build();
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(agent)
                .header("Content-Type", MesosHttp.PROTOBUF).header("Accept", MesosHttp.PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(subscribe.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            System.err.println("SUBSCRIBE failed: " + response.statusCode());
            System.exit(2);
        }
        RecordIoReader records = new RecordIoReader(response.body(), 16 * 1024 * 1024);
        byte[] record;
        while ((record = records.read()) != null) {
            Event event = Event.parseFrom(record);
            switch (event.getType()) {
                case SUBSCRIBED -> agentId = event.getSubscribed().getAgentInfo().getId();
                case LAUNCH -> launch(event.getLaunch().getTask());
                case LAUNCH_GROUP -> event.getLaunchGroup().getTaskGroup().getTasksList().forEach(this::launch);
                case KILL -> {
                    String id = event.getKill().getTaskId().getValue();
                    if (running.remove(id)) {
                        update(id, TaskState.TASK_KILLED, ByteString.EMPTY);
                    }
                }
                case MESSAGE -> send(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                        .setData(ByteString.copyFromUtf8("echo:" + event.getMessage().getData().toStringUtf8())))
                        .build());
                case ACKNOWLEDGED -> {
                    Integer status = exitAfterAck.get(event.getAcknowledged().getTaskId().getValue());
                    if (status != null) {
                        System.out.println("exiting with " + status);
                        System.exit(status);
                    }
                }
                case SHUTDOWN -> {
                    for (String id : running) {
                        update(id, TaskState.TASK_KILLED, ByteString.EMPTY);
                    }
                    System.out.println("shut down");
                    return;
                }
                default -> {
                }
            }
        }
    }

    private void launch(TaskInfo task) {
        String id = task.getTaskId().getValue();
        String command = task.getData().toStringUtf8();
        update(id, TaskState.TASK_RUNNING, ByteString.EMPTY);
        if (command.startsWith("echo:")) {
            update(id, TaskState.TASK_FINISHED, ByteString.copyFromUtf8(command.substring(5)));
        } else if (command.equals("env")) {
            StringBuilder env = new StringBuilder();
            new TreeMap<>(System.getenv()).forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
            update(id, TaskState.TASK_FINISHED, ByteString.copyFromUtf8(env.toString()));
        } else if (command.startsWith("exit:")) {
            exitAfterAck.put(id, Integer.parseInt(command.substring(5)));
        } else {
            running.add(id);
        }
    }

    private void update(String taskId, TaskState state, ByteString data) {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        TaskStatus status = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(ByteString.copyFrom(bytes.array()))
                .setAgentId(agentId)
                .setExecutorId(executorId)
                .setData(data)
                .build();
        send(call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(status)).build());
    }

    private Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
    }

    private void send(Call call) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(agent).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", MesosHttp.PROTOBUF)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                System.err.println(call.getType() + " got " + response.statusCode() + ": " + response.body());
            }
        } catch (Exception e) {
            System.err.println(call.getType() + " failed: " + e);
        }
    }
}
