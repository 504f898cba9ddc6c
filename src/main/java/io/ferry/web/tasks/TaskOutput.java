package io.ferry.web.tasks;

import io.ferry.sandbox.SandboxFileException;
import io.ferry.scheduler.FerryScheduler;
import io.ferry.scheduler.TaskOutputFiles;
import io.ferry.scheduler.TaskView;
import io.ferry.web.BadRequestException;
import io.ferry.web.SandboxText;
import io.ferry.web.TextChunk;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a task itself wrote to stdout and stderr (its latest attempt), read through its agent from the files
 * {@link TaskOutputFiles} says the executor keeps for it. A task that wrote nothing has no file, and one not
 * launched yet none either: both read as empty, not as an error (so do files the executor already removed, as it
 * keeps those of its last 1,000 tasks only, and an attempt whose executor the scheduler does not know).
 */
@Component
class TaskOutput {

    private final FerryScheduler scheduler;
    private final SandboxText text;

    TaskOutput(FerryScheduler scheduler, SandboxText text) {
        this.scheduler = scheduler;
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

    /** The last {@code length} bytes of both streams, for the task's page: a failed read is said, not thrown. */
    OutputTails tails(TaskView task, int length) {
        try {
            return new OutputTails(tail(task, TaskOutputFiles.Stream.STDOUT, length),
                    tail(task, TaskOutputFiles.Stream.STDERR, length), null);
        } catch (SandboxFileException e) {
            return new OutputTails(TextChunk.empty(), TextChunk.empty(), e.getMessage());
        }
    }

    /** Where the task's files are: its latest attempt's, in its executor's sandbox. */
    Optional<TaskOutputFiles> files(TaskView task) {
        return TaskOutputFiles.of(task, scheduler.state().executors());
    }

    /** The stream's last {@code length} bytes (fewer, to begin at a character). */
    TextChunk tail(TaskView task, TaskOutputFiles.Stream stream, int length) {
        Optional<TaskOutputFiles> files = files(task);
        if (files.isEmpty()) {
            return TextChunk.empty();
        }
        try {
            return text.tail(files.get().agentEndpoint(), files.get().path(stream), length);
        } catch (SandboxFileException e) {
            if (e.notFound()) {
                return TextChunk.empty();
            }
            throw e;
        }
    }

    /** Up to {@code length} bytes from {@code offset}; a 400 naming {@code offset} beyond the end. */
    TextChunk read(TaskView task, TaskOutputFiles.Stream stream, long offset, int length) {
        String name = stream.name().toLowerCase(Locale.ROOT);
        Optional<TaskOutputFiles> files = files(task);
        try {
            if (files.isPresent()) {
                return text.read(files.get().agentEndpoint(), files.get().path(stream), name, offset, length);
            }
        } catch (SandboxFileException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
        SandboxText.checkOffset(offset, 0, name);
        return TextChunk.empty();
    }
}
