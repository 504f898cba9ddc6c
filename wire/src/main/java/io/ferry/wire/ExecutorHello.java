package io.ferry.wire;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Ferry executor tells the scheduler (an executor MESSAGE) right after it subscribed: where it runs and
 * where its sandbox is, so that the dashboard can read its stdout and stderr through the agent's
 * {@code /files/read}, the same way in local mode and on a real cluster.
 *
 * <p>Encoded as UTF-8 {@code key=value} lines after a first line {@value #MAGIC}, so that it is readable in logs and
 * can grow fields without breaking older readers.
 *
 * @param executorId    the executor's id ({@code MESOS_EXECUTOR_ID})
 * @param agentId       the agent's id (from SUBSCRIBED)
 * @param agentEndpoint {@code host:port} of the agent ({@code MESOS_AGENT_ENDPOINT})
 * @param directory     the sandbox path on the agent's host ({@code MESOS_DIRECTORY})
 * @param pid           the executor JVM's process id
 */
public record ExecutorHello(String executorId, String agentId, String agentEndpoint, String directory, long pid) {

    public static final String MAGIC = "ferry-executor-hello/1";

    public ExecutorHello {
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(agentEndpoint, "agentEndpoint");
        Objects.requireNonNull(directory, "directory");
    }

    public byte[] toBytes() {
        String text = MAGIC + "\n"
                + "executor_id=" + executorId + "\n"
                + "agent_id=" + agentId + "\n"
                + "agent_endpoint=" + agentEndpoint + "\n"
                + "directory=" + directory + "\n"
                + "pid=" + pid + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a message from an executor.
     *
     * @throws IllegalArgumentException if {@code data} is not a hello (for example another kind of message)
     */
    public static ExecutorHello parse(byte[] data) {
        String[] lines = new String(data, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not an executor hello");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        try {
            return new ExecutorHello(fields.get("executor_id"), fields.get("agent_id"), fields.get("agent_endpoint"),
                    fields.get("directory"), Long.parseLong(fields.getOrDefault("pid", "-1")));
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("incomplete executor hello: " + fields, e);
        }
    }
}
