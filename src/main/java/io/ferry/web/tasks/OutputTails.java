package io.ferry.web.tasks;

import io.ferry.web.TextChunk;

/**
 * The ends of one attempt's stdout and stderr as the task's page shows them, or why they cannot be shown.
 *
 * @param attempt     the attempt they are of (0 for a task not launched yet)
 * @param stdout      the end of its stdout (empty when it wrote nothing, or could not be read)
 * @param stderr      the end of its stderr
 * @param unavailable why there is no output to read, in a sentence: the sandbox that had it is gone, or where the
 *                    attempt ran is not known; null when the files were read
 * @param problem     why the agent could not give them (it did not answer, say), or null
 */
public record OutputTails(int attempt, TextChunk stdout, TextChunk stderr, String unavailable, String problem) {

    static OutputTails read(int attempt, TextChunk stdout, TextChunk stderr) {
        return new OutputTails(attempt, stdout, stderr, null, null);
    }

    static OutputTails unavailable(int attempt, String why) {
        return new OutputTails(attempt, TextChunk.empty(), TextChunk.empty(), why, null);
    }

    static OutputTails failed(int attempt, String problem) {
        return new OutputTails(attempt, TextChunk.empty(), TextChunk.empty(), null, problem);
    }
}
