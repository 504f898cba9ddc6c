package io.ferry.local.agent;

import java.util.Map;
import org.apache.mesos.v1.Protos.AgentInfo;

/**
 * The agent's {@code /state} document: a subset of Mesos' (docs/mesos-notes.md §7) with what clients use to find a
 * sandbox: {@code frameworks[].executors[]} and {@code completed_executors[]} with {@code id}, {@code container}
 * and {@code directory}, plus the tasks each executor has.
 */
final class AgentStateJson {

    private AgentStateJson() {
    }

    static byte[] render(AgentInfo agent, String pid, Map<String, AgentFramework> frameworks) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("id").value(agent.getId().getValue())
                .name("hostname").value(agent.getHostname())
                .name("port").value(agent.getPort())
                .name("pid").value(pid)
                .name("version").value("1.11.0")
                .name("frameworks").beginArray();
        for (AgentFramework framework : frameworks.values()) {
            if (framework.removed) {
                continue;
            }
            json.beginObject()
                    .name("id").value(framework.info.getId().getValue())
                    .name("name").value(framework.info.getName())
                    .name("user").value(framework.info.getUser())
                    .name("checkpoint").value(framework.info.getCheckpoint())
                    .name("executors").beginArray();
            framework.executors.values().forEach(run -> executor(json, run));
            json.endArray().name("completed_executors").beginArray();
            framework.completed.forEach(run -> executor(json, run));
            json.endArray().endObject();
        }
        return json.endArray().name("completed_frameworks").beginArray().endArray().endObject().toBytes();
    }

    private static void executor(JsonWriter json, ExecutorRun run) {
        json.beginObject()
                .name("id").value(run.executorId())
                .name("name").value(run.info.getName())
                .name("framework_id").value(run.frameworkId.getValue())
                .name("container").value(run.containerId.getValue())
                .name("directory").value(run.sandbox.directory().toString())
                .name("state").value(run.state.name())
                .name("tasks").beginArray();
        for (AgentTask task : run.tasks.values()) {
            json.beginObject()
                    .name("id").value(task.id.getValue())
                    .name("name").value(task.info == null ? "" : task.info.getName())
                    .name("state").value(task.state.name())
                    .endObject();
        }
        json.endArray().endObject();
    }
}
