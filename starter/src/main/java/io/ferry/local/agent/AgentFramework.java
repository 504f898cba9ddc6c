package io.ferry.local.agent;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/** What an agent knows of one framework: its executors (live and completed) and tasks. Owned by the agent's loop. */
final class AgentFramework {

    /** How many completed executor runs {@code /state} keeps per framework. */
    static final int COMPLETED_KEPT = 50;

    FrameworkInfo info;
    /** Torn down by the master: executors are being shut down, updates are dropped. */
    boolean removed;
    final Map<String, ExecutorRun> executors = new LinkedHashMap<>();
    final ArrayDeque<ExecutorRun> completed = new ArrayDeque<>();
    /** Tasks until their terminal update is acknowledged, by id. */
    final Map<String, AgentTask> tasks = new HashMap<>();

    AgentFramework(FrameworkInfo info) {
        this.info = info;
    }

    void completed(ExecutorRun run) {
        completed.addFirst(run);
        while (completed.size() > COMPLETED_KEPT) {
            completed.removeLast();
        }
    }
}
