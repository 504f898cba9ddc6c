package io.ferry.web.live;

import java.util.List;

/**
 * The {@code stream} event, of two kinds. A diff ({@code window} false): the tasks that started or ended since the
 * previous diff, newest change first, which the client adds to its timeline. A window ({@code window} true): every
 * bar of the server's {@link StreamWindow}, which replaces the client's timeline; a client gets one when it
 * connects and when its queue of diffs overflowed (it read too slowly), so a slow reader catches up rather than
 * losing bars. Diffs are numbered one after another; a window carries the number of the last diff it includes, so
 * a client applies only the diffs after it, and a client that sees a number skipped knows it missed one.
 *
 * @param seq     the diff's number, or the last diff's that the window includes
 * @param window  whether this is the whole window rather than a diff
 * @param bars    a diff's at most {@link StreamChanges#MAX_BARS}; a window's at most {@link StreamWindow#CAPACITY}
 *                ended ones and those running
 * @param omitted a diff's: how many more changed and were left out (the oldest changes; the window has them)
 * @param dropped a window's: how many ended bars the server's window dropped for room since the start
 */
public record TaskStream(long seq, boolean window, List<StreamBar> bars, int omitted, long dropped) {

    static TaskStream diff(long seq, List<StreamBar> bars, int omitted) {
        return new TaskStream(seq, false, bars, omitted, 0);
    }

    static TaskStream window(long seq, StreamWindow window) {
        return new TaskStream(seq, true, window.bars(), 0, window.dropped());
    }
}
