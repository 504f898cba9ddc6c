package io.ferry.local.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * Starts an executor run off the agent's loop (docs/mesos-notes.md §3.4, §6): creates the sandbox, attaches it to
 * {@code /files}, fetches the URIs, and starts the command in the sandbox with exactly the given environment and
 * stdout/stderr appended to the sandbox files.
 */
final class ExecutorLauncher {

    private final Executor pool;
    private final Fetcher fetcher;
    private final FilesEndpoint files;

    ExecutorLauncher(Executor pool, Fetcher fetcher, FilesEndpoint files) {
        this.pool = pool;
        this.fetcher = fetcher;
        this.files = files;
    }

    /** Launches on the pool; then exactly one of {@code started} or {@code failed} (with a reason) is called there. */
    void launch(ExecutorRun run, Map<String, String> environment, Consumer<Process> started,
            Consumer<String> failed) {
        pool.execute(() -> {
            Process process;
            try {
                run.sandbox.create();
                files.attach(run.sandbox);
                try (PrintStream stderr = new PrintStream(new FileOutputStream(run.sandbox.stderr().toFile(), true),
                        true, StandardCharsets.UTF_8)) {
                    fetcher.fetch(run.info.getCommand().getUrisList(), run.sandbox.directory(), stderr);
                }
                ProcessBuilder builder = new ProcessBuilder(command(run.info.getCommand()))
                        .directory(run.sandbox.directory().toFile())
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(run.sandbox.stdout().toFile()))
                        .redirectError(ProcessBuilder.Redirect.appendTo(run.sandbox.stderr().toFile()));
                builder.environment().clear(); // nothing of this JVM's environment leaks in (§3.4)
                builder.environment().putAll(environment);
                process = builder.start();
            } catch (Fetcher.FetchException e) {
                failed.accept(e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                failed.accept(e.toString());
                return;
            }
            started.accept(process);
        });
    }

    /** {@code /bin/sh -c value} when {@code shell} (the default), else {@code value} with {@code arguments[1..]}. */
    static List<String> command(CommandInfo command) {
        if (command.getShell()) {
            return List.of("/bin/sh", "-c", command.getValue());
        }
        // arguments is the full argv including argv[0] (§4); Java cannot set argv[0], so value is run.
        List<String> argv = new ArrayList<>();
        argv.add(command.getValue());
        if (command.getArgumentsCount() > 1) {
            argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
        }
        return argv;
    }
}
