package io.ferry.local.agent;

import static io.ferry.local.TestTasks.launch;
import static io.ferry.local.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import io.ferry.local.LocalCluster;
import io.ferry.local.LocalClusterSettings;
import io.ferry.local.TestExecutor;
import io.ferry.local.TestFramework;
import io.ferry.local.TestTasks;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks on real executor processes ({@link TestExecutor} JVMs) through the agents' HTTP APIs: status updates,
 * acknowledgements, retransmission, kill, messages, executor exit and shutdown, the fetcher, the environment and
 * {@code /files} (docs/mesos-notes.md §2.5, §3, §6, §7). One executor serves most tests to keep JVM starts few.
 */
class TaskLifecycleTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TOOL = "#!/bin/sh\necho tool\n";

    @TempDir
    static Path workDir;
    static HttpServer fileServer;
    static LocalCluster cluster;
    static LocalCluster.Agent agent;
    static TestFramework framework;
    static ExecutorInfo shared;

    @BeforeAll
    static void start() throws Exception {
        fileServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fileServer.createContext("/tool.sh", exchange -> {
            byte[] body = TOOL.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fileServer.createContext("/data", exchange -> {
            byte[] body = ("query=" + exchange.getRequestURI().getQuery()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fileServer.start();
        String files = "http://127.0.0.1:" + fileServer.getAddress().getPort();
        cluster = LocalCluster.start(LocalClusterSettings.defaults(workDir)
                .withAgents(1, 4, 2048, 1024)
                .withStatusUpdateRetryInterval(Duration.ofMillis(500)));
        agent = cluster.agents().get(0);
        framework = TestFramework.subscribe(cluster.masterUrl(), true, TestFramework.info("lifecycle").build());
        shared = TestTasks.executor("shared").setCommand(TestTasks.executor("shared").getCommand().toBuilder()
                .addUris(CommandInfo.URI.newBuilder().setValue(files + "/tool.sh").setExecutable(true))
                .addUris(CommandInfo.URI.newBuilder().setValue(files + "/data?token=abc")
                        .setOutputFile("conf/data.txt")))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        framework.teardown();
        framework.close();
        cluster.close();
        fileServer.stop(0);
    }

    private static Offer launchOn(TaskInfo... tasks) throws Exception {
        Offer offer = framework.awaitOffer(o -> TestTasks.scalar(o, "cpus") >= 0.5);
        TaskInfo[] onAgent = new TaskInfo[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            onAgent[i] = tasks[i].toBuilder().setAgentId(offer.getAgentId()).build();
        }
        TestFramework.expect202(framework.accept(List.of(offer.getId()), List.of(launch(onAgent)), 0));
        return offer;
    }

    private static org.apache.mesos.v1.Protos.AgentID agentId() {
        return org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(agent.id()).build();
    }

    private static TaskInfo sharedTask(String id, String data) {
        return task(id, agentId(), shared, data);
    }

    /** Waits for the update in {@code state}, acknowledges it and returns it. */
    private static TaskStatus acked(String taskId, TaskState state) throws Exception {
        TaskStatus status = framework.awaitUpdate(taskId, state);
        framework.acknowledge(status);
        return status;
    }

    @Test
    void aTaskRunsAndFinishesWithReliableUpdates() throws Exception {
        launchOn(sharedTask("hello", "echo:hello"));
        TaskStatus running = acked("hello", TaskState.TASK_RUNNING);
        assertThat(running.getUuid().size()).isEqualTo(16);
        assertThat(running.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(running.getAgentId().getValue()).isEqualTo(agent.id());
        assertThat(running.getExecutorId()).isEqualTo(shared.getExecutorId());
        assertThat(running.hasTimestamp()).isTrue();
        TaskStatus finished = acked("hello", TaskState.TASK_FINISHED);
        assertThat(finished.getData().toStringUtf8()).isEqualTo("hello");
        assertThat(finished.getUuid()).isNotEqualTo(running.getUuid());
    }

    @Test
    void theNextUpdateIsHeldUntilThePreviousIsAcknowledged() throws Exception {
        launchOn(sharedTask("held", "echo:held"));
        TaskStatus running = framework.awaitUpdate("held", TaskState.TASK_RUNNING);
        // The agent has stored TASK_FINISHED (its /state says so)...
        long deadline = System.nanoTime() + TestFramework.WAIT.toNanos();
        while (!taskStateOnAgent("held").contains("TASK_FINISHED") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(taskStateOnAgent("held")).containsExactly("TASK_FINISHED");
        // ...but the master has forwarded only TASK_RUNNING: nothing else came before this answer.
        int mark = framework.mark();
        framework.reconcile("held");
        TaskStatus reconciled = framework.await(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION
                && e.getUpdate().getStatus().getTaskId().getValue().equals("held"), TestFramework.WAIT)
                .getUpdate().getStatus();
        assertThat(reconciled.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(reconciled.hasUuid()).isFalse();
        assertThat(reconciled.hasData()).isFalse();
        assertThat(framework.events()).noneMatch(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getState() == TaskState.TASK_FINISHED
                && e.getUpdate().getStatus().getTaskId().getValue().equals("held"));
        framework.acknowledge(running);
        acked("held", TaskState.TASK_FINISHED);
        assertThat(mark).isPositive();
    }

    @Test
    void anUnacknowledgedUpdateIsRetransmittedWithItsUuid() throws Exception {
        launchOn(sharedTask("again", "echo:again"));
        TaskStatus first = framework.awaitUpdate("again", TaskState.TASK_RUNNING);
        TaskStatus second = framework.awaitUpdate("again", TaskState.TASK_RUNNING);
        assertThat(second.getUuid()).isEqualTo(first.getUuid());
        framework.acknowledge(second);
        acked("again", TaskState.TASK_FINISHED);
    }

    @Test
    void aKilledTaskEndsKilledAndAnUnknownOneIsReconciled() throws Exception {
        Offer offer = launchOn(sharedTask("sleeper", "sleep"));
        acked("sleeper", TaskState.TASK_RUNNING);
        framework.kill("sleeper", offer.getAgentId());
        TaskStatus killed = acked("sleeper", TaskState.TASK_KILLED);
        assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);

        framework.kill("no-such-task", offer.getAgentId());
        TaskStatus lost = framework.awaitUpdate("no-such-task", TaskState.TASK_LOST);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(lost.hasUuid()).isFalse();
    }

    @Test
    void messagesTravelBothWays() throws Exception {
        Offer offer = launchOn(sharedTask("before-message", "echo:x"));
        acked("before-message", TaskState.TASK_RUNNING);
        acked("before-message", TaskState.TASK_FINISHED);
        framework.message(offer.getAgentId(), shared.getExecutorId(), "ping");
        Event message = framework.await(Event.Type.MESSAGE);
        assertThat(message.getMessage().getData().toStringUtf8()).isEqualTo("echo:ping");
        assertThat(message.getMessage().getAgentId()).isEqualTo(offer.getAgentId());
        assertThat(message.getMessage().getExecutorId()).isEqualTo(shared.getExecutorId());
    }

    @Test
    void aTaskGroupLaunchesEveryTask() throws Exception {
        Offer offer = framework.awaitOffer(o -> TestTasks.scalar(o, "cpus") >= 0.5);
        TaskInfo a = sharedTask("group-a", "echo:a").toBuilder().clearExecutor().build();
        TaskInfo b = sharedTask("group-b", "echo:b").toBuilder().clearExecutor().build();
        TestFramework.expect202(framework.accept(List.of(offer.getId()), List.of(Offer.Operation.newBuilder()
                .setType(Offer.Operation.Type.LAUNCH_GROUP)
                .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder().setExecutor(shared)
                        .setTaskGroup(TaskGroupInfo.newBuilder().addTasks(a).addTasks(b)))
                .build()), 0));
        for (String id : List.of("group-a", "group-b")) {
            acked(id, TaskState.TASK_RUNNING);
            acked(id, TaskState.TASK_FINISHED);
        }
    }

    @Test
    void theExecutorSeesExactlyTheEnvironmentOfAMesosAgent() throws Exception {
        launchOn(sharedTask("env", "env"));
        acked("env", TaskState.TASK_RUNNING);
        Map<String, String> env = new HashMap<>();
        for (String line : acked("env", TaskState.TASK_FINISHED).getData().toStringUtf8().split("\n")) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String endpoint = "127.0.0.1:" + agent.url().getPort();
        assertThat(env).containsEntry("MESOS_FRAMEWORK_ID", framework.frameworkId.getValue())
                .containsEntry("MESOS_EXECUTOR_ID", "shared")
                .containsEntry("MESOS_AGENT_ENDPOINT", endpoint)
                .containsEntry("MESOS_SLAVE_ID", agent.id())
                .containsEntry("MESOS_SLAVE_PID", "slave(1)@" + endpoint)
                .containsEntry("MESOS_CHECKPOINT", "0")
                .containsEntry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
                .containsEntry("MESOS_HTTP_COMMAND_EXECUTOR", "0")
                .containsEntry("LIBPROCESS_PORT", "0")
                .containsEntry("PATH", ExecutorEnvironment.DEFAULT_PATH)
                .containsKeys("MESOS_DIRECTORY", "TEST_JAVA", "TEST_CLASSPATH")
                .doesNotContainKeys("MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX", "HOME", "JAVA_HOME");
        assertThat(env.get("MESOS_SANDBOX")).isEqualTo(env.get("MESOS_DIRECTORY"));
        assertThat(env.get("MESOS_DIRECTORY")).startsWith(workDir.resolve("slaves").resolve(agent.id())
                .resolve("frameworks").resolve(framework.frameworkId.getValue()).resolve("executors")
                .resolve("shared").resolve("runs").toString());
        // Nothing else, except what /bin/sh itself exports.
        Set<String> mesos = Set.of("MESOS_FRAMEWORK_ID", "MESOS_EXECUTOR_ID", "MESOS_AGENT_ENDPOINT", "MESOS_SLAVE_ID",
                "MESOS_SLAVE_PID", "MESOS_CHECKPOINT", "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD",
                "MESOS_HTTP_COMMAND_EXECUTOR", "LIBPROCESS_PORT", "PATH", "MESOS_DIRECTORY", "MESOS_SANDBOX",
                "TEST_JAVA", "TEST_CLASSPATH", "PWD", "SHLVL", "_", "OLDPWD");
        assertThat(mesos).containsAll(env.keySet());
    }

    @Test
    void fetchedFilesAndTheSandboxAreServedByFiles() throws Exception {
        launchOn(sharedTask("files", "echo:files"));
        acked("files", TaskState.TASK_RUNNING);
        acked("files", TaskState.TASK_FINISHED);
        String state = get(agent.url().resolve("/state")).body();
        List<String> directories = JsonPath.read(state, "$.frameworks[*].executors[?(@.id == 'shared')].directory");
        List<String> containers = JsonPath.read(state, "$.frameworks[*].executors[?(@.id == 'shared')].container");
        assertThat(directories).hasSize(1);
        String directory = directories.get(0);
        assertThat(directory).endsWith("/runs/" + containers.get(0));
        String virtual = "/frameworks/" + framework.frameworkId.getValue() + "/executors/shared/runs/latest";

        HttpResponse<String> browse = files("browse", virtual);
        assertThat(browse.statusCode()).isEqualTo(200);
        assertThat(browse.headers().firstValue("Content-Type")).hasValue("application/json");
        List<Map<String, Object>> entries = JsonPath.read(browse.body(), "$");
        assertThat(entries).extracting(e -> e.get("path")).containsExactly(virtual + "/conf", virtual + "/stderr",
                virtual + "/stdout", virtual + "/tool.sh");
        assertThat(entries.get(0).keySet()).containsExactly("gid", "mode", "mtime", "nlink", "path", "size", "uid");
        assertThat(entries.get(0).get("mode")).isEqualTo("drwxr-xr-x");
        assertThat(entries.get(3).get("mode")).isEqualTo("-rwxr-xr-x");
        assertThat(entries.get(3).get("size")).isEqualTo(TOOL.length());
        assertThat(entries.get(3).get("mtime")).isInstanceOf(Double.class);

        assertThat(files("read", virtual + "/conf/data.txt&offset=0").body())
                .isEqualTo("{\"data\":\"query=token=abc\",\"offset\":0}");
        // offset absent = -1: the size (§7); the same file under its three paths.
        for (String path : List.of(virtual, directory, workDir.resolve("slaves").resolve(agent.id())
                .resolve("frameworks").resolve(framework.frameworkId.getValue())
                .resolve("executors/shared/runs/latest").toString())) {
            assertThat(files("read", path + "/tool.sh").body())
                    .isEqualTo("{\"data\":\"\",\"offset\":" + TOOL.length() + "}");
        }
        assertThat(files("read", virtual + "/tool.sh&offset=10&length=4").body())
                .isEqualTo("{\"data\":\"echo\",\"offset\":10}");
        assertThat(files("read", virtual + "/tool.sh&offset=999").body()).isEqualTo("{\"data\":\"\",\"offset\":999}");
        assertThat(files("read", virtual + "/stdout&offset=0").body()).contains("test executor shared starting");
        assertThat(files("read", virtual + "/stderr&offset=0").body()).contains("Fetching URI");

        assertThat(files("read", virtual + "/nope").statusCode()).isEqualTo(404);
        assertThat(files("read", "/frameworks/other/executors/x/runs/latest/stdout").statusCode()).isEqualTo(404);
        assertThat(files("read", virtual + "/../../../../../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(files("read", virtual).statusCode()).isEqualTo(400);
        assertThat(files("read", virtual + "/stdout&offset=-2").statusCode()).isEqualTo(400);
        assertThat(files("read", virtual + "/stdout&offset=x").statusCode()).isEqualTo(400);
        assertThat(get(agent.url().resolve("/files/read")).statusCode()).isEqualTo(400);

        HttpResponse<String> download = files("download", virtual + "/tool.sh");
        assertThat(download.body()).isEqualTo(TOOL);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=tool.sh");
        Map<String, String> debug = JsonPath.read(get(agent.url().resolve("/files/debug")).body(), "$");
        assertThat(debug).containsEntry(virtual, directory);
    }

    @Test
    void anExecutorExitFailsItsTasksAndTheSchedulerHearsOfIt() throws Exception {
        ExecutorInfo exiter = TestTasks.executor("exiter").build();
        Offer offer = launchOn(task("exit", agentId(), exiter, "exit:3"));
        acked("exit", TaskState.TASK_RUNNING);
        TaskStatus failed = acked("exit", TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.getUuid().size()).isEqualTo(16);
        assertThat(failed.getExecutorId()).isEqualTo(exiter.getExecutorId());
        Event failure = framework.await(e -> e.getType() == Event.Type.FAILURE
                && e.getFailure().getExecutorId().equals(exiter.getExecutorId()), TestFramework.WAIT);
        assertThat(failure.getFailure().getAgentId()).isEqualTo(offer.getAgentId());
        assertThat(failure.getFailure().getStatus() >> 8).isEqualTo(3); // WEXITSTATUS
    }

    @Test
    void shutdownAsksTheExecutorToStop() throws Exception {
        ExecutorInfo stopper = TestTasks.executor("stopper").build();
        Offer offer = launchOn(task("stop", agentId(), stopper, "sleep"));
        acked("stop", TaskState.TASK_RUNNING);
        TestFramework.expect202(framework.call(Call.newBuilder().setType(Call.Type.SHUTDOWN)
                .setShutdown(Call.Shutdown.newBuilder().setAgentId(offer.getAgentId())
                        .setExecutorId(stopper.getExecutorId()))));
        TaskStatus killed = acked("stop", TaskState.TASK_KILLED);
        assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        Event failure = framework.await(e -> e.getType() == Event.Type.FAILURE
                && e.getFailure().getExecutorId().equals(stopper.getExecutorId()), TestFramework.WAIT);
        assertThat(failure.getFailure().getStatus()).isZero();
        List<String> completed = JsonPath.read(get(agent.url().resolve("/state")).body(),
                "$.frameworks[*].completed_executors[*].id");
        assertThat(completed).contains("stopper");
    }

    private static List<String> taskStateOnAgent(String taskId) throws Exception {
        return JsonPath.read(get(agent.url().resolve("/state")).body(),
                "$.frameworks[*].executors[*].tasks[?(@.id == '" + taskId + "')].state");
    }

    private static HttpResponse<String> files(String endpoint, String pathAndQuery) throws Exception {
        int amp = pathAndQuery.indexOf('&');
        String path = amp < 0 ? pathAndQuery : pathAndQuery.substring(0, amp);
        String rest = amp < 0 ? "" : pathAndQuery.substring(amp);
        return get(URI.create(agent.url() + "/files/" + endpoint + "?path="
                + URLEncoder.encode(path, StandardCharsets.UTF_8) + rest));
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(TestFramework.WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
