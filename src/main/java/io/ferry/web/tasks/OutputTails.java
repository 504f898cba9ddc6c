package io.ferry.web.tasks;

import io.ferry.web.TextChunk;

/**
 * The ends of a task's stdout and stderr as its page shows them, or why they could not be read.
 *
 * @param stdout  the end of its stdout (empty when it wrote nothing, or could not be read)
 * @param stderr  the end of its stderr
 * @param problem why the agent could not give them (it did not answer, say), or null
 */
public record OutputTails(TextChunk stdout, TextChunk stderr, String problem) {
}
