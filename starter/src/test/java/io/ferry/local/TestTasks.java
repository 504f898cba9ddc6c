package io.ferry.local;

import com.google.protobuf.ByteString;
import java.io.File;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;

/** Builders for the tasks and executors of the tests. */
public final class TestTasks {

    private TestTasks() {
    }

    public static List<Resource> resources(double cpus, double mem) {
        return List.of(scalar("cpus", cpus), scalar("mem", mem));
    }

    public static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    public static double scalar(Offer offer, String name) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    /**
     * An executor that runs {@link TestExecutor} in a JVM like the one running the tests. The java launcher and
     * class path are read at run time and passed through {@code CommandInfo.environment}, since the agent clears
     * the environment (§3.4).
     */
    public static ExecutorInfo.Builder executor(String id) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        CommandInfo command = CommandInfo.newBuilder()
                .setValue("exec \"$TEST_JAVA\" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m "
                        + "-cp \"$TEST_CLASSPATH\" " + TestExecutor.class.getName())
                .setEnvironment(Environment.newBuilder()
                        .addVariables(variable("TEST_JAVA", java))
                        .addVariables(variable("TEST_CLASSPATH", System.getProperty("java.class.path"))))
                .build();
        return ExecutorInfo.newBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue(id))
                .setType(ExecutorInfo.Type.CUSTOM)
                .setName("test executor " + id)
                .setCommand(command)
                .addAllResources(resources(0.1, 64));
    }

    /** An executor whose process never subscribes: a shell that sleeps. */
    public static ExecutorInfo.Builder sleeper(String id) {
        return ExecutorInfo.newBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue(id))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 60"))
                .addAllResources(resources(0.1, 32));
    }

    public static Environment.Variable variable(String name, String value) {
        return Environment.Variable.newBuilder().setName(name).setValue(value).build();
    }

    public static TaskInfo task(String id, AgentID agent, ExecutorInfo executor, String data) {
        return TaskInfo.newBuilder()
                .setName(id)
                .setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(agent)
                .setExecutor(executor)
                .addAllResources(resources(0.1, 32))
                .setData(ByteString.copyFromUtf8(data))
                .build();
    }

    public static Offer.Operation launch(TaskInfo... tasks) {
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))).build();
    }
}
