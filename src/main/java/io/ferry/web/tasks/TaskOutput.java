package io.ferry.web.tasks;

import io.ferry.sandbox.SandboxFileException;
import io.ferry.scheduler.AttemptPlace;
import io.ferry.scheduler.TaskOutputFiles;
import io.ferry.scheduler.TaskView;
import io.ferry.web.BadRequestException;
import io.ferry.web.NotFoundException;
import io.ferry.web.SandboxText;
import io.ferry.web.TextChunk;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a task itself wrote to stdout and stderr, one attempt at a time, read through its agent from the files
 * {@link TaskOutputFiles} says the executor keeps for it, in the sandbox of the executor run that ran that attempt
 * (an earlier attempt's run may have ended, its sandbox stays on the agent). A task that wrote nothing has no file,
 * and one not launched yet none either: both read as empty, not as an error (so do files the executor already
 * removed, as it keeps those of its last 1,000 tasks only). A sandbox that is gone altogether (the agent's garbage
 * collection removes those of ended runs, docs/mesos-notes.md §12) is said as such: its output is lost, not empty.
 */
@Component
class TaskOutput {

    private final SandboxText text;

    TaskOutput(SandboxText text) {
        this.text = text;
    }

    /** {@code stdout} or {@code stderr}, as a request names it; a 400 naming {@code stream} for anything else. */
    static TaskOutputFiles.Stream stream(String name) {
        if (name != null) {
            for (TaskOutputFiles.Stream stream : TaskOutputFiles.Stream.values()) {
                if (stream.name().toLowerCase(Locale.ROOT).equals(name.strip())) {
                    return stream;
                }
            }
        }
        throw new BadRequestException("stream", "must be stdout or stderr");
    }

    /**
     * The attempt a request names, from 1 to the task's attempts; the latest (0 for a task not launched yet) when
     * it names none; a 400 naming {@code attempt} for anything else.
     */
    static int attempt(TaskView task, String value) {
        if (value == null || value.isBlank()) {
            return task.attempts();
        }
        try {
            int attempt = Integer.parseInt(value.strip());
            if (attempt >= 1 && attempt <= task.attempts()) {
                return attempt;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw new BadRequestException("attempt", task.attempts() == 0 ? "the task has not been launched yet"
                : "must be a whole number from 1 to " + task.attempts() + " (the task's attempts)");
    }

    /** The last {@code length} bytes of both streams of an attempt, for the task's page: failures are said. */
    OutputTails tails(TaskView task, int attempt, int length) {
        if (attempt < 1) {
            return OutputTails.read(attempt, TextChunk.empty(), TextChunk.empty());
        }
        Optional<TaskOutputFiles> files = TaskOutputFiles.of(task, attempt);
        if (files.isEmpty()) {
            return OutputTails.unavailable(attempt, notKnown(task, attempt));
        }
        try {
            Optional<TextChunk> stdout = tail(files.get(), TaskOutputFiles.Stream.STDOUT, length);
            Optional<TextChunk> stderr = tail(files.get(), TaskOutputFiles.Stream.STDERR, length);
            if (stdout.isEmpty() && stderr.isEmpty() && gone(files.get())) {
                return OutputTails.unavailable(attempt, goneText(task, attempt, files.get()));
            }
            return OutputTails.read(attempt, stdout.orElse(TextChunk.empty()), stderr.orElse(TextChunk.empty()));
        } catch (SandboxFileException e) {
            return OutputTails.failed(attempt, e.getMessage());
        }
    }

    /** The stream's last {@code length} bytes (fewer, to begin at a character); 404 when the sandbox is gone. */
    TextChunk tail(TaskView task, int attempt, TaskOutputFiles.Stream stream, int length) {
        Optional<TaskOutputFiles> files = TaskOutputFiles.of(task, attempt);
        if (files.isEmpty()) {
            return TextChunk.empty();
        }
        Optional<TextChunk> chunk = tail(files.get(), stream, length);
        if (chunk.isEmpty()) {
            checkSandbox(task, attempt, files.get());
        }
        return chunk.orElse(TextChunk.empty());
    }

    /**
     * Up to {@code length} bytes from {@code offset}; a 400 naming {@code offset} beyond the end, a 404 when the
     * sandbox is gone.
     */
    TextChunk read(TaskView task, int attempt, TaskOutputFiles.Stream stream, long offset, int length) {
        String name = stream.name().toLowerCase(Locale.ROOT);
        Optional<TaskOutputFiles> files = TaskOutputFiles.of(task, attempt);
        try {
            if (files.isPresent()) {
                return text.read(files.get().agentEndpoint(), files.get().path(stream), name, offset, length);
            }
        } catch (SandboxFileException e) {
            if (!e.notFound()) {
                throw e;
            }
            checkSandbox(task, attempt, files.get());
        }
        SandboxText.checkOffset(offset, 0, name);
        return TextChunk.empty();
    }

    /** The end of the file, or empty when the agent has no such file. */
    private Optional<TextChunk> tail(TaskOutputFiles files, TaskOutputFiles.Stream stream, int length) {
        try {
            return Optional.of(text.tail(files.agentEndpoint(), files.path(stream), length));
        } catch (SandboxFileException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every sandbox has the executor's own {@code stdout}: without it, the agent has no such sandbox any more. */
    private boolean gone(TaskOutputFiles files) {
        return !text.exists(files.agentEndpoint(), files.sandboxStdoutPath());
    }

    private void checkSandbox(TaskView task, int attempt, TaskOutputFiles files) {
        if (gone(files)) {
            throw new NotFoundException(task.id(), goneText(task, attempt, files));
        }
    }

    private static String goneText(TaskView task, int attempt, TaskOutputFiles files) {
        return "The sandbox of attempt " + attempt + " of task " + task.id() + " is gone: the agent at "
                + files.agentEndpoint() + " no longer has " + files.sandbox() + " (an agent's garbage collection"
                + " removes the sandboxes of ended executors), so what the attempt wrote is lost.";
    }

    private static String notKnown(TaskView task, int attempt) {
        Optional<AttemptPlace> place = task.place(attempt);
        if (place.isEmpty()) {
            return "Where attempt " + attempt + " ran is no longer kept (the last 16 attempts are).";
        }
        return "Attempt " + attempt + " went to executor " + place.get().executorId() + " on agent "
                + place.get().agentId() + ", which has not said where its sandbox is"
                + (task.phase().isTerminal() ? " (it never started, or its hello was lost)." : " yet.");
    }
}
