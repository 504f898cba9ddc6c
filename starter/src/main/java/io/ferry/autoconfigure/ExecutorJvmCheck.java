package io.ferry.autoconfigure;

import io.ferry.scheduler.ExecutorSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the executor's {@code java} once with the executor's JVM options and {@code -version}, so that an option the
 * JVM refuses stops start-up with the JVM's own complaint — instead of every task failing after its retries with
 * the reason in a sandbox file. Only where that {@code java} is known here: in local mode, the embedded agents run
 * {@code ferry.executor.java} or the JVM running this app on this machine; a real cluster's agents run a
 * {@code java} this app cannot reach.
 */
final class ExecutorJvmCheck {

    private static final Logger log = LoggerFactory.getLogger(ExecutorJvmCheck.class);
    /** A JVM says -version in well under a second; the bound is for a machine under heavy load. */
    static final Duration LIMIT = Duration.ofSeconds(30);
    static final int MIN_JAVA = 17;
    private static final Pattern VERSION = Pattern.compile("version \"(?:1\\.)?(\\d+)");
    /** The lines around the JVM's actual complaint, which say only that there is one. */
    private static final List<String> LAUNCHER_LINES = List.of("Error occurred during initialization of VM",
            "Error: Could not create the Java Virtual Machine.",
            "Error: A fatal exception has occurred. Program will exit.");

    private final ConfiguredValues values;

    ExecutorJvmCheck(ConfiguredValues values) {
        this.values = values;
    }

    /**
     * @param configuredJava {@code ferry.executor.java}, or null/blank for the JVM running this app
     * @param javaOpts       {@code ferry.executor.java-opts}
     * @param memMb          {@code ferry.executor.mem-mb}, from which the executor's heap is sized
     */
    void check(String configuredJava, String javaOpts, double memMb) {
        boolean configured = configuredJava != null && !configuredJava.isBlank();
        Optional<String> java = configured ? Optional.of(configuredJava.trim())
                : ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            log.debug("The command of this JVM is unknown: the executor's JVM options are not checked");
            return;
        }
        String options = ExecutorSpec.jvmOptions(javaOpts, memMb);
        Optional<Run> run = run(java.get(), options);
        if (run.isEmpty() || run.get().exitCode() == 0) {
            run.ifPresent(r -> warnings(r, options));
            run.ifPresent(r -> version(r, configured, java.get()));
            return;
        }
        // A configured java may itself be what fails: ask it alone before blaming the options.
        if (configured) {
            Optional<Run> alone = run(java.get(), "");
            if (alone.isPresent() && alone.get().exitCode() != 0) {
                throw values.invalid("ferry.executor.java", java.get(), "does not run: " + alone.get().complaint());
            }
        }
        throw values.invalid("ferry.executor.java-opts", javaOpts, "the executor's JVM does not start with them ("
                + java.get() + " " + options.trim() + " -version): " + run.get().complaint());
    }

    /** The outcome of {@code java <options> -version}, or empty if it did not finish within {@link #LIMIT}. */
    private Optional<Run> run(String java, String options) {
        List<String> command = new ArrayList<>();
        command.add(java);
        // The launch script splits FERRY_JAVA_OPTS on white space, unquoted: split them the same way.
        Arrays.stream(options.trim().split("[ \t\n]+")).filter(o -> !o.isEmpty()).forEach(command::add);
        command.add("-version");
        Path output = null;
        try {
            output = Files.createTempFile("ferry-jvm-check-", ".txt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("Could not check ferry.executor.java-opts: '{}' did not finish within {} s",
                        String.join(" ", command), LIMIT.toSeconds());
                return Optional.empty();
            }
            return Optional.of(new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw values.invalid("ferry.executor.java", java, "cannot be run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the executor's JVM options", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** What the JVM warns about at every start of an executor (deprecated options): worth saying once here. */
    private static void warnings(Run run, String options) {
        run.lines().stream().filter(line -> line.contains("VM warning:") || line.startsWith("warning:"))
                .forEach(line -> log.warn("ferry.executor.java-opts: the executor's JVM, started with '{}', says:"
                        + " {}", options.trim(), line));
    }

    /** The executor is built for Java 17: an older configured java would fail on its first class. */
    private void version(Run run, boolean configured, String java) {
        Matcher m = VERSION.matcher(run.output());
        if (configured && m.find() && Integer.parseInt(m.group(1)) < MIN_JAVA) {
            throw values.invalid("ferry.executor.java", java, "is Java " + m.group(1) + "; the executor needs Java "
                    + MIN_JAVA + " or later");
        }
    }

    record Run(int exitCode, String output) {

        List<String> lines() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }

        /** The JVM's first line of complaint, without the launcher's closing lines and JAVA_TOOL_OPTIONS notes. */
        String complaint() {
            return lines().stream().filter(l -> !LAUNCHER_LINES.contains(l) && !l.startsWith("Picked up "))
                    .findFirst().orElse("it exited with " + exitCode + " and said nothing");
        }
    }
}
