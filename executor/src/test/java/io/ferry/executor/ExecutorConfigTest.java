package io.ferry.executor;

import io.ferry.wire.FerryEnv;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("MESOS_AGENT_ENDPOINT", "10.0.0.1:5051");
        env.put("MESOS_FRAMEWORK_ID", "fw");
        env.put("MESOS_EXECUTOR_ID", "ex");
        env.put("MESOS_DIRECTORY", "/sandbox");
        env.put(FerryEnv.APP_URL, "http://app:8080/");
        env.put(FerryEnv.TOKEN, "secret");
        return env;
    }

    @Test
    void appliesTheDocumentedDefaults() {
        ExecutorConfig c = ExecutorConfig.fromEnv(minimal());
        assertThat(c.executorApi()).hasToString("http://10.0.0.1:5051/api/v1/executor");
        assertThat(c.appUrl()).isEqualTo("http://app:8080");
        assertThat(c.sandbox()).isEqualTo("/sandbox");
        assertThat(c.checkpoint()).isFalse();
        assertThat(c.recoveryTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.agentToken()).isNull();
        assertThat(c.maxResultBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(c.threads()).isEqualTo(64);
        assertThat(c.runningDelay()).isEqualTo(Duration.ofMillis(25));
        assertThat(c.classFetchTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.killGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> env = minimal();
        env.put("MESOS_SANDBOX", "/mnt/mesos/sandbox");
        env.put("MESOS_CHECKPOINT", "1");
        env.put("MESOS_RECOVERY_TIMEOUT", "3mins");
        env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "250ms");
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "10secs");
        env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "jwt");
        env.put(FerryEnv.MAX_RESULT_BYTES, "1024");
        env.put(FerryEnv.THREADS, "8");
        env.put(FerryEnv.RUNNING_UPDATE_DELAY, "0ms");
        env.put(FerryEnv.CLASS_FETCH_TIMEOUT, "2secs");
        env.put(FerryEnv.KILL_GRACE, "1.5secs");
        ExecutorConfig c = ExecutorConfig.fromEnv(env);
        assertThat(c.sandbox()).isEqualTo("/mnt/mesos/sandbox");
        assertThat(c.checkpoint()).isTrue();
        assertThat(c.recoveryTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.agentToken()).isEqualTo("jwt");
        assertThat(c.maxResultBytes()).isEqualTo(1024);
        assertThat(c.threads()).isEqualTo(8);
        assertThat(c.runningDelay()).isZero();
        assertThat(c.classFetchTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.killGrace()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void namesEveryMissingAndMalformedVariableInOneLine() {
        Map<String, String> env = new HashMap<>();
        env.put("MESOS_CHECKPOINT", "true");
        env.put("MESOS_RECOVERY_TIMEOUT", "15 minutes");
        env.put(FerryEnv.THREADS, "0");
        env.put(FerryEnv.KILL_GRACE, "0secs");
        assertThatThrownBy(() -> ExecutorConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("missing environment variable(s) MESOS_AGENT_ENDPOINT, MESOS_FRAMEWORK_ID,"
                        + " MESOS_EXECUTOR_ID, MESOS_DIRECTORY, FERRY_APP_URL, FERRY_TOKEN")
                .hasMessageContaining("MESOS_CHECKPOINT must be 1 or 0, was 'true'")
                .hasMessageContaining("MESOS_RECOVERY_TIMEOUT: bad duration '15 minutes'")
                .hasMessageContaining("FERRY_EXECUTOR_THREADS must be a positive integer")
                .hasMessageContaining("FERRY_KILL_GRACE must be positive")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingTokenStopsTheExecutorWithOneLineOnStderr() {
        Map<String, String> env = minimal();
        env.remove(FerryEnv.TOKEN);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ExecutorMain.run(env, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ExecutorMain.CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("ferry-executor: cannot start: missing environment variable(s) FERRY_TOKEN"
                        + " (a Mesos agent sets the MESOS_* ones, Ferry's scheduler the FERRY_* ones)" + System.lineSeparator());
    }

    @Test
    void refusesAnAppUrlThatIsNotHttp() {
        Map<String, String> env = minimal();
        env.put(FerryEnv.APP_URL, "app:8080");
        assertThatThrownBy(() -> ExecutorConfig.fromEnv(env)).hasMessageContaining("FERRY_APP_URL must be an http(s) URL");
    }
}
