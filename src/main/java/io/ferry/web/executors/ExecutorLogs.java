package io.ferry.web.executors;

import io.ferry.sandbox.FileDownload;
import io.ferry.web.SandboxText;
import io.ferry.web.TextChunk;
import org.springframework.stereotype.Component;

/** An executor run's stdout and stderr, read through its agent: only ever from the sandbox the run reported. */
@Component
class ExecutorLogs {

    private final SandboxText text;

    ExecutorLogs(SandboxText text) {
        this.text = text;
    }

    /** The file's last {@code length} bytes (fewer, to begin at a character). */
    TextChunk tail(ExecutorRun run, LogFile file, int length) {
        return text.tail(run.agentEndpoint(), run.path(file), length);
    }

    /** Up to {@code length} bytes from {@code offset}; a 400 naming {@code offset} beyond the end of the file. */
    TextChunk read(ExecutorRun run, LogFile file, long offset, int length) {
        return text.read(run.agentEndpoint(), run.path(file), file.fileName(), offset, length);
    }

    /** The whole file, streamed from the agent; the caller closes it. */
    FileDownload download(ExecutorRun run, LogFile file) {
        return text.download(run.agentEndpoint(), run.path(file));
    }
}
