package io.ferry.web.live;

import java.util.List;

/**
 * The {@code stream} event: the tasks that started or ended since the last one, newest change first. Unlike the
 * other events a diff, which the client adds to its timeline; a client that misses one (a slow reader's mailbox
 * keeps the newest only) misses those bars, which a timeline of the last minutes can afford.
 *
 * @param bars    at most {@link StreamChanges#MAX_BARS}
 * @param omitted how many more changed and were left out (the oldest changes)
 */
record TaskStream(List<StreamBar> bars, int omitted) {
}
