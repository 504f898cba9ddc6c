package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferry.StarterTestApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A bad value of every {@code ferry.*} property stops a real start-up of an application with the starter, and what
 * it prints is one line on standard error naming the property, the value as written and the reason — no stack
 * trace, no "APPLICATION FAILED TO START" block, no warning of a cancelled refresh: the check runs before the
 * context exists.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureTest {

    /** A master that is never reached: remote-mode checks fail before anything connects. */
    private static final String REMOTE = "ferry.mesos.master=http://mesos-master.invalid:5050";
    /** A state directory for remote-mode rows that get past its check (the default is in the working directory). */
    private static final String STATE_DIR = "ferry.mesos.state-dir=target/configuration-failure-test-state";

    /** Property settings (the last one is the culprit) and the line expected; "…" stands for any text. */
    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("ferry.task.timeout=-5s",
                        "ferry.task.timeout=-5s: must be positive (a task is killed once it has run this long)"),
                bad("ferry.task.timeout=0s", "ferry.task.timeout=0s: must be positive …"),
                bad("ferry.task.timeout=soon", "ferry.task.timeout=soon: 'soon' is not a valid duration"),
                bad("ferry.task.cpus=0", "ferry.task.cpus=0: must be at least 0.001"),
                bad("ferry.task.cpus=lots", "ferry.task.cpus=lots: is not a number"),
                bad("ferry.task.cpus=Infinity", "ferry.task.cpus=Infinity: must be a finite number"),
                bad("ferry.task.mem-mb=0", "ferry.task.mem-mb=0: must be at least 1 (MiB)"),
                bad("ferry.task.max-retries=101", "ferry.task.max-retries=101: must be less than or equal to 100"),
                bad("ferry.task.name= ", "ferry.task.name= : must not be blank"),
                bad("ferry.task.name=" + "n".repeat(201), "ferry.task.name=nnn…: size must be between 0 and 200"),
                bad("ferry.local.agents=0", "ferry.local.agents=0: must be greater than or equal to 1"),
                bad("ferry.local.agents=many", "ferry.local.agents=many: is not a whole number"),
                bad("ferry.local.cpus=0.15", "ferry.local.cpus=0.15: an agent must hold the executor"
                        + " (ferry.executor.cpus=0.1) and one task (ferry.task.cpus=0.1), so at least 0.2; no task"
                        + " would ever start"),
                bad("ferry.local.mem-mb=200", "ferry.local.mem-mb=200: an agent must hold the executor"
                        + " (ferry.executor.mem-mb=256) and one task (ferry.task.mem-mb=32), so at least 288; …"),
                bad("ferry.local.work-dir=/proc/nope",
                        "ferry.local.work-dir=/proc/nope: cannot be created (no such file or directory)"),
                bad("ferry.local.work-dir=/etc/passwd", "ferry.local.work-dir=/etc/passwd: is not a directory"),
                bad("ferry.executor.cpus=0", "ferry.executor.cpus=0: must be at least 0.01"),
                bad("ferry.executor.mem-mb=10", "ferry.executor.mem-mb=10: must be at least 64 (MiB)"),
                bad("ferry.executor.threads=0", "ferry.executor.threads=0: must be greater than or equal to 1"),
                bad("ferry.executor.max-result-size=-1MB",
                        "ferry.executor.max-result-size=-1MB: must be more than 0 and at most 64MB …"),
                bad("ferry.executor.max-result-size=1GB",
                        "ferry.executor.max-result-size=1GB: must be more than 0 and at most 64MB …"),
                bad("ferry.executor.token=short",
                        "ferry.executor.token=(5 characters, not shown): must have at least 16 characters"),
                bad("ferry.executor.token=a token with some spaces", "ferry.executor.token=(24 characters, not"
                        + " shown): must be visible ASCII characters without spaces …"),
                bad("ferry.executor.shutdown-grace=0s", "ferry.executor.shutdown-grace=0s: must be positive …"),
                bad("ferry.executor.java-opts=-XX:+NoSuchFlag", "ferry.executor.java-opts=-XX:+NoSuchFlag: the"
                        + " executor's JVM does not start with them (… -XX:+NoSuchFlag -Xmx153m -version):"
                        + " Unrecognized VM option 'NoSuchFlag'"),
                bad("ferry.executor.java-opts=-Xms1g", "ferry.executor.java-opts=-Xms1g: the executor's JVM does"
                        + " not start with them (…): Initial heap size set to a larger value than the maximum heap"
                        + " size"),
                bad("ferry.executor.java=/no/such/java", "ferry.executor.java=/no/such/java: cannot be run (…)"),
                bad("ferry.executor.cds-dir=cache", "ferry.executor.cds-dir=cache: must be empty or an absolute path"
                        + " without white space"),
                bad("ferry.executor.cds-dir=/var/my cache", "ferry.executor.cds-dir=/var/my cache: must be empty or"
                        + " an absolute path without white space"),
                bad("ferry.mesos.role=bad role/", "ferry.mesos.role=bad role/: is not a Mesos role name: must not"
                        + " contain whitespace or DEL …"),
                bad("ferry.mesos.role=-ops", "ferry.mesos.role=-ops: is not a Mesos role name: must not start with"
                        + " '-' …"),
                bad("ferry.mesos.role=..", "ferry.mesos.role=..: is not a Mesos role name: must not be '.' or"
                        + " '..', …"),
                bad("ferry.mesos.role=eng//web", "ferry.mesos.role=eng//web: is not a Mesos role name: '/' only"
                        + " separates the parts of a hierarchical role …"),
                bad("ferry.mesos.role=eng/*", "ferry.mesos.role=eng/*: is not a Mesos role name: '*' is a role only"
                        + " on its own, …"),
                bad("ferry.mesos.failover-timeout=-1s", "ferry.mesos.failover-timeout=-1s: must be positive (the"
                        + " master removes a framework, and kills its tasks, once its connection has been broken this"
                        + " long)"),
                bad("ferry.mesos.decline-refuse=-5s", "ferry.mesos.decline-refuse=-5s: must be positive (Mesos"
                        + " reads 0 as no filter, …)"),
                bad("ferry.mesos.decline-refuse=400d", "ferry.mesos.decline-refuse=400d: must be at most 365d: …"),
                bad("ferry.mesos.secret=s3cret-s3cret", "ferry.mesos.secret=(13 characters, not shown): is set but"
                        + " ferry.mesos.principal is not: …"),
                bad("ferry.mesos.principal=ferry:prod", "ferry.mesos.principal=ferry:prod: must not contain ':' or"
                        + " control characters …"),
                bad("ferry.mesos.user=web user", "ferry.mesos.user=web user: is not a Unix user name …"),
                bad("ferry.mesos.framework-name= ", "ferry.mesos.framework-name= : must not be blank"),
                bad("ferry.mesos.teardown-on-stop=maybe", "ferry.mesos.teardown-on-stop=maybe: Invalid boolean"
                        + " value 'maybe'"),
                bad("ferry.mesos.master=ftp://x:5050",
                        "ferry.mesos.master=ftp://x:5050: must be an absolute http:// or https:// URL"),
                bad(REMOTE, "ferry.mesos.state-dir=/proc/nope", "ferry.mesos.state-dir=/proc/nope: cannot be created"
                        + " (no such file or directory)"),
                // Set, a directory is checked in the mode that does not use it too: it must work when it is used.
                bad("ferry.mesos.state-dir=/etc/passwd", "ferry.mesos.state-dir=/etc/passwd: is not a directory"),
                bad(REMOTE, STATE_DIR, "ferry.local.work-dir=/proc/nope",
                        "ferry.local.work-dir=/proc/nope: cannot be created (no such file or directory)"),
                bad("ferry.advertised-url=localhost",
                        "ferry.advertised-url=localhost: must be an absolute http:// or https:// URL"),
                bad("ferry.queue.capacity=0", "ferry.queue.capacity=0: must be greater than or equal to 1"),
                bad("ferry.history.size=-1", "ferry.history.size=-1: must be greater than or equal to 0"),
                bad("ferry.scheduler.max-bytes-in-flight=0MB",
                        "ferry.scheduler.max-bytes-in-flight=0MB: must be positive"),
                bad("ferry.scheduler.max-bytes-in-flight=lots", "ferry.scheduler.max-bytes-in-flight=lots: '…"),
                bad("ferry.local.agnets=3", "ferry.local.agnets=3: no such property; did you mean"
                        + " ferry.local.agents?"),
                bad("ferry.mesos.master-url=http://m:5050", "ferry.mesos.master-url=http://m:5050: no such property;"
                        + " did you mean ferry.mesos.master?"),
                // Relaxed forms are the same property: camelCase is not reported as unknown, and is checked.
                bad("ferry.local.memMb=4096", "ferry.task.timeout=0s", "ferry.task.timeout=0s: must be positive …"),
                bad("ferry.task.maxRetries=-1", "ferry.task.max-retries=-1: must be greater than or equal to 0"));
    }

    private static Arguments bad(String... settingsThenLine) {
        List<String> settings = List.of(settingsThenLine).subList(0, settingsThenLine.length - 1);
        return Arguments.of(settings, settingsThenLine[settingsThenLine.length - 1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueStopsStartUpWithOneLineOnStandardError(List<String> settings, String expected,
                                                        CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        settings.forEach(s -> args.add("--" + s));

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(StarterTestApplication.class)
                .run(args.toArray(String[]::new)).close());

        assertThat(failure).as("start-up with %s", settings).isNotNull();
        assertThat(output.getErr().lines().toList()).as("standard error").singleElement()
                .satisfies(line -> assertLine(line, "Invalid Ferry configuration: " + expected));
        assertThat(output.getOut()).as("standard output")
                .doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("Exception encountered during context initialization")
                .doesNotContain("Application run failed");
    }

    /** A configured java that runs but is too old, or does not run at all: a script stands in for it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2 | is Java 11; the executor needs Java 17 or later",
            "echo 'java: broken install' >&2; exit 3              | does not run: java: broken install"})
    void aConfiguredJavaIsTriedToo(String script, String reason, @TempDir Path dir, CapturedOutput output)
            throws IOException {
        Path java = Files.writeString(dir.resolve("java"), "#!/bin/sh\n" + script + "\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(StarterTestApplication.class)
                .run("--server.port=0", "--ferry.executor.java=" + java).close());

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class);
        assertThat(output.getErr().lines().toList())
                .containsExactly("Invalid Ferry configuration: ferry.executor.java=" + java + ": " + reason);
    }

    @Test
    void theStackTraceAndSpringsReportAreThereAtDebugLevel(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(StarterTestApplication.class)
                .run("--server.port=0", "--logging.level.io.ferry.autoconfigure=debug", "--ferry.task.timeout=-5s")
                .close());

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class);
        assertThat(output.getErr().lines().toList()).containsExactly(
                "Invalid Ferry configuration: ferry.task.timeout=-5s: must be positive (a task is killed once it has"
                        + " run this long)");
        assertThat(output.getOut()).contains("DEBUG", "Application failed to start",
                "Fix the property", InvalidConfigurationException.class.getName(), "at io.ferry.autoconfigure.");
    }

    @Test
    void anotherFailureKeepsSpringsReport(CapturedOutput output) {
        // Not a Ferry property: Spring Boot's own report, as before.
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(StarterTestApplication.class)
                .run("--server.port=0", "--spring.main.web-application-type=bogus").close());

        assertThat(failure).isNotNull();
        assertThat(output.getErr()).doesNotContain("Invalid Ferry configuration");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START");
    }

    /** The line equals {@code expected}, where each "…" in it stands for any text. */
    private static void assertLine(String line, String expected) {
        String[] parts = expected.split("…", -1);
        assertThat(line).as("the line").startsWith(parts[0]).endsWith(parts[parts.length - 1]);
        int at = 0;
        for (String part : parts) {
            int found = line.indexOf(part, at);
            assertThat(found).as("'%s' in order in: %s", part, line).isGreaterThanOrEqualTo(0);
            at = found + part.length();
        }
    }
}
